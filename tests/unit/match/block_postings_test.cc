#include "hub/match/block_postings.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mdm::match {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

TEST(BlockPostingsTest, BlockGrowsFromOneRecordToAListAndBack) {
  BlockPostings p;
  EXPECT_THAT(p.Find(7), IsEmpty());
  p.Add(7, 1);
  EXPECT_THAT(p.Find(7), ElementsAre(1));
  p.Add(7, 2);
  p.Add(7, 3);
  EXPECT_THAT(p.Find(7), UnorderedElementsAre(1, 2, 3));
  p.Remove(7, 1);
  p.Remove(7, 3);
  EXPECT_THAT(p.Find(7), ElementsAre(2));
  p.Remove(7, 2);
  EXPECT_THAT(p.Find(7), IsEmpty());
  EXPECT_EQ(p.block_count(), 0u);
}

TEST(BlockPostingsTest, RemovingWhatIsNotThereChangesNothing) {
  BlockPostings p;
  p.Remove(1, 5);
  p.Add(1, 5);
  p.Remove(1, 6);
  p.Remove(2, 5);
  EXPECT_THAT(p.Find(1), ElementsAre(5));
  p.Add(1, 6);
  p.Remove(1, 7);
  EXPECT_THAT(p.Find(1), UnorderedElementsAre(5, 6));
}

// Random adds and removes across a few blocks (so lists are made, freed and
// reused) agree with a plain map of sets at every step.
TEST(BlockPostingsTest, AgreesWithAMapOfSetsUnderRandomChanges) {
  BlockPostings p;
  std::map<uint64_t, std::set<BlockPostings::Slot>> want;
  std::mt19937 rng(11);
  for (int step = 0; step < 20000; ++step) {
    const uint64_t block = rng() % 6;
    const BlockPostings::Slot slot = rng() % 12;
    if (rng() % 2 == 0) {
      if (want[block].insert(slot).second) p.Add(block, slot);
    } else {
      p.Remove(block, slot);
      want[block].erase(slot);
    }
    for (const auto& [b, slots] : want) {
      ASSERT_THAT(p.Find(b), UnorderedElementsAreArray(slots))
          << "block " << b << " at step " << step;
    }
  }
}

}  // namespace
}  // namespace mdm::match

// The call-center log follower on real files: rotation, partial lines,
// restarts from a checkpoint, renames.
#include "connectors/callcenter/log_follower.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mdm::connectors::callcenter {
namespace {

class LogFollowerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "calls-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Append(const std::string& file, const std::string& text) {
    std::ofstream(dir_ + "/" + file, std::ios::app) << text;
  }

  // Reads everything available now; lines and incomplete tails seen.
  std::vector<std::string> ReadAll(LogFollower& f, bool* caught_up = nullptr,
                                   int max_lines = 1000) {
    std::vector<std::string> got;
    absl::StatusOr<bool> done = f.Read(
        max_lines,
        [&](std::string_view line, const std::string&) {
          got.emplace_back(line);
        },
        [&](std::string_view tail, const std::string&) {
          got.push_back("INCOMPLETE:" + std::string(tail));
        });
    EXPECT_TRUE(done.ok()) << done.status();
    if (caught_up != nullptr) *caught_up = done.value_or(false);
    return got;
  }

  std::string dir_;
};

using Lines = std::vector<std::string>;

TEST_F(LogFollowerTest, PartialLastLineWaitsUntilItIsComplete) {
  LogFollower f(dir_, "interactions-", ".jsonl");
  ASSERT_TRUE(f.Start("").ok());
  Append("interactions-20240501.jsonl", "a\nb\npart");
  bool caught_up = false;
  EXPECT_EQ(ReadAll(f, &caught_up), (Lines{"a", "b"}));
  EXPECT_TRUE(caught_up);
  EXPECT_EQ(ReadAll(f), Lines{});
  Append("interactions-20240501.jsonl", "ial\nc\n");
  EXPECT_EQ(ReadAll(f), (Lines{"partial", "c"}));
}

TEST_F(LogFollowerTest, RotationMovesOnAndReportsATruncatedTail) {
  LogFollower f(dir_, "interactions-", ".jsonl");
  ASSERT_TRUE(f.Start("").ok());
  Append("interactions-20240501.jsonl", "a\n");
  EXPECT_EQ(ReadAll(f), Lines{"a"});
  Append("interactions-20240501.jsonl", "b\ncut-off");
  Append("interactions-20240502.jsonl", "c\n");
  Append("other.log", "not ours\n");
  EXPECT_EQ(ReadAll(f), (Lines{"b", "INCOMPLETE:cut-off", "c"}));
}

TEST_F(LogFollowerTest, RestartFromCheckpointNeitherLosesNorRepeats) {
  Append("interactions-20240501.jsonl", "1\n2\n3\n");
  Append("interactions-20240502.jsonl", "4\n5\n");
  Lines all;
  std::string checkpoint;
  // A fresh follower per read, as after a crash right after each commit.
  for (int i = 0; i < 10; ++i) {
    LogFollower f(dir_, "interactions-", ".jsonl");
    ASSERT_TRUE(f.Start(checkpoint).ok());
    Lines got = ReadAll(f, nullptr, /*max_lines=*/2);
    all.insert(all.end(), got.begin(), got.end());
    checkpoint = f.Checkpoint();
  }
  EXPECT_EQ(all, (Lines{"1", "2", "3", "4", "5"}));
}

TEST_F(LogFollowerTest, RenamedFileIsFoundByInode) {
  Append("interactions-20240501.jsonl", "1\n2\n");
  std::string checkpoint;
  {
    LogFollower f(dir_, "interactions-", ".jsonl");
    ASSERT_TRUE(f.Start("").ok());
    EXPECT_EQ(ReadAll(f, nullptr, 1), Lines{"1"});
    checkpoint = f.Checkpoint();
  }
  std::filesystem::rename(dir_ + "/interactions-20240501.jsonl",
                          dir_ + "/interactions-20240501-a.jsonl");
  LogFollower f(dir_, "interactions-", ".jsonl");
  ASSERT_TRUE(f.Start(checkpoint).ok());
  EXPECT_EQ(ReadAll(f), Lines{"2"});
}

TEST_F(LogFollowerTest, GarbageCheckpointIsInvalidArgument) {
  LogFollower f(dir_, "interactions-", ".jsonl");
  EXPECT_EQ(f.Start("{not json").code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(LogFollowerTest, MissingDirectoryIsUnavailable) {
  LogFollower f(dir_ + "/nope", "interactions-", ".jsonl");
  ASSERT_TRUE(f.Start("").ok());
  EXPECT_EQ(f.Read(10, nullptr, nullptr).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace mdm::connectors::callcenter

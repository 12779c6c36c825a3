#include "hub/api/text_limits.h"

#include <gtest/gtest.h>

#include <string>

#include "hub/common/errors.h"

namespace mdm::api {
namespace {

TEST(TextLimitsTest, TextUpToTheLimitPasses) {
  const std::string at_limit(16, 'x');
  const std::string empty;
  EXPECT_TRUE(CheckTextLengths({{"a", at_limit, 16}, {"b", empty, 0}}).ok());
}

TEST(TextLimitsTest, FirstFieldOverItsLimitIsNamed) {
  const std::string short_text = "ok";
  const std::string long_text(17, 'x');
  const absl::Status s = CheckTextLengths({{"note.author", short_text, 16},
                                           {"note.reason", long_text, 16},
                                           {"request_id", long_text, 16}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(s), "note.reason");
  EXPECT_NE(s.message().find("at most 16 bytes, got 17"), std::string::npos)
      << s;
}

}  // namespace
}  // namespace mdm::api

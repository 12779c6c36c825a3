#include "hub/api/page_token.h"

#include <gtest/gtest.h>

#include "hub/common/errors.h"

namespace mdm::api {
namespace {

TEST(PageTokenTest, RoundTripsPartsWithAnyText) {
  std::vector<std::string> parts = {"callcenter", "CC-000341 王,小明"};
  auto decoded = DecodePageToken(EncodePageToken(parts), 2);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, parts);
}

TEST(PageTokenTest, EmptyTokenStartsAtTheBeginning) {
  auto decoded = DecodePageToken("", 2);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, (std::vector<std::string>{"", ""}));
}

TEST(PageTokenTest, ForeignOrWrongShapeTokensNamePageToken) {
  for (const std::string& token :
       {std::string("not base64!"), std::string("aGVsbG8"),
        EncodePageToken({"only-one-part"})}) {
    auto decoded = DecodePageToken(token, 2);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument)
        << token;
    EXPECT_EQ(FieldOf(decoded.status()), "page_token") << token;
  }
}

TEST(PageSizeTest, ZeroMeansDefaultAndBoundsAreEnforced) {
  EXPECT_EQ(*PageSize(0, 20, 200), 20);
  EXPECT_EQ(*PageSize(200, 20, 200), 200);
  EXPECT_EQ(FieldOf(PageSize(201, 20, 200).status()), "page_size");
  EXPECT_EQ(FieldOf(PageSize(-1, 20, 200).status()), "page_size");
}

}  // namespace
}  // namespace mdm::api

#include "hub/store/json_writer.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace mdm {
namespace {

std::string Write(std::string_view s) {
  JsonWriter w;
  w.String(s);
  EXPECT_TRUE(w.ok()) << s;
  return w.Release();
}

TEST(StoreJsonWriterTest, NestingAndCommas) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.Int(-9223372036854775807 - 1);
  w.Key("b");
  w.BeginArray();
  w.String("x");
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Int(0);
  w.EndArray();
  w.Key("c");
  w.String("");
  w.EndObject();
  EXPECT_EQ(w.Release(),
            R"({"a":-9223372036854775808,"b":["x",{},[],0],"c":""})");
}

TEST(StoreJsonWriterTest, EscapesWhatJsonRequiresAndKeepsTheRest) {
  EXPECT_EQ(Write("a\"b\\c/d"), R"("a\"b\\c/d")");
  EXPECT_EQ(Write("\n\r\t\b\f\x01\x1f\x7f"),
            "\"\\n\\r\\t\\u0008\\u000c\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Write(std::string("nul\0x", 5)), R"("nul\u0000x")");
  EXPECT_EQ(Write("王曉明 😀 é"), "\"王曉明 😀 é\"");
  // Whatever we write, a strict parser reads back unchanged.
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "中文\xF4\x8F\xBF\xBF";  // U+10FFFF, the last code point
  EXPECT_EQ(nlohmann::json::parse(Write(all)).get<std::string>(), all);
}

TEST(StoreJsonWriterTest, InvalidUtf8FailsNamingTheKey) {
  for (const char* bad : {"\xff", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xE4\xB8", "ok\x80", "\xF8"}) {
    JsonWriter w;
    w.BeginObject();
    w.Key("fine");
    w.String("yes");
    w.Key("name");
    w.String(bad);
    w.Key("later");
    w.String("fine too");
    EXPECT_FALSE(w.ok()) << bad;
    EXPECT_EQ(w.bad_key(), "name");
  }
}

TEST(StoreJsonWriterTest, Utf8SequenceLength) {
  EXPECT_EQ(Utf8SequenceLength("a"), 1);
  EXPECT_EQ(Utf8SequenceLength("\xC2\x80"), 2);
  EXPECT_EQ(Utf8SequenceLength("中"), 3);
  EXPECT_EQ(Utf8SequenceLength("😀"), 4);
  EXPECT_EQ(Utf8SequenceLength(""), 0);
  EXPECT_EQ(Utf8SequenceLength("\xC1\xBF"), 0);      // overlong
  EXPECT_EQ(Utf8SequenceLength("\xED\x9F\xBF"), 3);  // U+D7FF, just below
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80"), 0);  // surrogate
}

}  // namespace
}  // namespace mdm

// The HTML quality report as a person sees it: mdmctl writes it from a real
// hub, headless Chromium renders it to a PNG, and the picture must hold the
// charts' colours (a blank or unstyled page has a handful of colours).
#include <fstream>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(QualityHtmlTest, ChromiumRendersChartsThatAreNotBlank) {
  ScopedTempDir dir;
  auto hub = HubProcess::Start(dir.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  std::ofstream(dir.File("a.csv"))
      << "source_record_id,name,phones,emails,birth_date\n"
         "1,Wang Wei,+86 138 0013 8000,wang@example.com,1980-01-02\n"
         "2,Li Lei,12,not-mail,\n";
  std::ofstream(dir.File("b.csv")) << "source_record_id,name,phones\n"
                                      "x,Wang Wei,13800138000\n";
  for (const auto& [source, file] :
       {std::pair{"erp", "a.csv"}, std::pair{"finance", "b.csv"}}) {
    auto r = (*hub)->Mdmctl({"import", "--source", source, dir.File(file)});
    ASSERT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->err : "");
  }
  auto snap = (*hub)->Mdmctl({"quality", "--snapshot"});
  ASSERT_TRUE(snap.ok() && snap->exit_code == 0);
  const std::string html = dir.File("quality.html");
  auto r = (*hub)->Mdmctl({"quality", "--html", html});
  ASSERT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->err : "");
  const std::string page = ReadFileOrEmpty(html);
  EXPECT_THAT(page, HasSubstr("<svg"));
  // Self-contained: nothing fetched, nothing run.
  EXPECT_THAT(page, Not(HasSubstr("src=")));
  EXPECT_THAT(page, Not(HasSubstr("href=")));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  ASSERT_TRUE((*hub)->Stop().ok());

  const std::string png = dir.File("quality.png");
  auto shot = RunCommand(
      {"chromium", "--headless", "--no-sandbox", "--disable-gpu",
       "--hide-scrollbars", "--user-data-dir=" + dir.File("chromium"),
       "--screenshot=" + png, "--window-size=900,1400", "file://" + html});
  ASSERT_TRUE(shot.ok()) << shot.status();
  ASSERT_EQ(shot->exit_code, 0) << shot->err;
  auto colours =
      RunCommand({"/usr/bin/python3",
                  SourceDir() + "/tests/integration/png_colours.py", png});
  ASSERT_TRUE(colours.ok()) << colours.status();
  ASSERT_EQ(colours->exit_code, 0) << colours->err;
  // Text antialiasing alone gives dozens of greys; the six palette colours
  // of the bars and lines with their antialiased edges give far more.
  EXPECT_GT(std::stoi(colours->out), 50) << "screenshot " << png;
}

}  // namespace
}  // namespace mdm::integration

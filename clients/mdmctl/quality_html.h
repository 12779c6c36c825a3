// The data-quality report as one self-contained HTML page: inline CSS and
// SVG charts, no scripts, fonts or network fetches, so it opens anywhere
// (and in a headless browser for the test that screenshots it).
#pragma once

#include <string>

#include "mdm/v1/insight.pb.h"

namespace mdm::ctl {

std::string RenderQualityHtml(const mdm::v1::GetQualityReportResponse& report);

// Text with &, <, >, " escaped for HTML.
std::string HtmlEscape(const std::string& text);

}  // namespace mdm::ctl

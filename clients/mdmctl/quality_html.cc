#include "clients/mdmctl/quality_html.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/mdmctl/golden_view.h"

namespace mdm::ctl {
namespace {

using mdm::v1::QualityReport;
using mdm::v1::SourceQuality;

constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c",
                                    "#d62728", "#9467bd", "#8c564b"};
constexpr int kChartWidth = 720;

const char* Colour(size_t i) { return kPalette[i % std::size(kPalette)]; }

std::string Percent(double share) {
  return absl::StrFormat("%.1f%%", 100 * share);
}

// Horizontal bars, one group per label, one bar per series (source).
struct Bars {
  std::string title;
  std::vector<std::string> labels;          // groups
  std::vector<std::string> series;          // legend
  std::vector<std::vector<double>> values;  // [series][label], 0..1
};

std::string Legend(const std::vector<std::string>& series, int y) {
  std::string out;
  int x = 10;
  for (size_t s = 0; s < series.size(); ++s) {
    absl::StrAppend(&out,
                    absl::StrFormat("<rect x=\"%d\" y=\"%d\" width=\"12\" "
                                    "height=\"12\" fill=\"%s\"/>",
                                    x, y, Colour(s)),
                    absl::StrFormat("<text x=\"%d\" y=\"%d\">%s</text>", x + 16,
                                    y + 11, HtmlEscape(series[s])));
    x += 30 + 8 * static_cast<int>(series[s].size());
  }
  return out;
}

std::string BarChart(const Bars& b) {
  const int bar = 12, gap = 10, left = 120, width = kChartWidth - left - 70;
  const int group = static_cast<int>(b.series.size()) * bar + gap;
  const int height = 30 + static_cast<int>(b.labels.size()) * group + 20;
  std::string svg = absl::StrFormat(
      "<h2>%s</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
      "height=\"%d\" role=\"img\">",
      HtmlEscape(b.title), kChartWidth, height);
  absl::StrAppend(&svg, Legend(b.series, 4));
  for (size_t l = 0; l < b.labels.size(); ++l) {
    const int y0 = 30 + static_cast<int>(l) * group;
    absl::StrAppend(
        &svg,
        absl::StrFormat("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">"
                        "%s</text>",
                        left - 6, y0 + group / 2, HtmlEscape(b.labels[l])));
    for (size_t s = 0; s < b.series.size(); ++s) {
      const double v = std::clamp(b.values[s][l], 0.0, 1.0);
      const int y = y0 + static_cast<int>(s) * bar;
      absl::StrAppend(
          &svg,
          absl::StrFormat("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                          "fill=\"%s\"/>",
                          left, y, std::max(1, static_cast<int>(v * width)),
                          bar - 2, Colour(s)),
          absl::StrFormat("<text x=\"%d\" y=\"%d\" class=\"v\">%s</text>",
                          left + static_cast<int>(v * width) + 4, y + bar - 3,
                          Percent(v)));
    }
  }
  absl::StrAppend(&svg, "</svg>");
  return svg;
}

double MeanCompleteness(const SourceQuality& s) {
  if (s.attributes().empty()) return 0;
  double sum = 0;
  for (const auto& a : s.attributes()) sum += a.completeness();
  return sum / s.attributes_size();
}

// Mean completeness of each source per snapshot: decay shows as a falling
// line.
std::string TrendChart(const std::vector<const QualityReport*>& reports) {
  std::vector<std::string> sources;
  for (const QualityReport* r : reports)
    for (const auto& s : r->sources())
      if (std::find(sources.begin(), sources.end(), s.source()) ==
          sources.end())
        sources.push_back(s.source());
  const int left = 50, top = 30, width = kChartWidth - left - 20, height = 200;
  std::string svg = absl::StrFormat(
      "<h2>Completeness over time (mean of attributes, %d reports)</h2>"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
      "role=\"img\">",
      reports.size(), kChartWidth, top + height + 40);
  absl::StrAppend(&svg, Legend(sources, 4));
  for (int pct = 0; pct <= 100; pct += 25) {
    const int y = top + height - pct * height / 100;
    absl::StrAppend(
        &svg,
        absl::StrFormat("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                        "stroke=\"#ddd\"/><text x=\"4\" y=\"%d\">%d%%</text>",
                        left, y, left + width, y, y + 4, pct));
  }
  const size_t n = reports.size();
  for (size_t s = 0; s < sources.size(); ++s) {
    std::string points;
    for (size_t i = 0; i < n; ++i) {
      for (const auto& q : reports[i]->sources()) {
        if (q.source() != sources[s]) continue;
        const int x =
            left + (n == 1 ? width / 2 : static_cast<int>(i * width / (n - 1)));
        const int y =
            top + height - static_cast<int>(MeanCompleteness(q) * height);
        absl::StrAppend(&points, x, ",", y, " ");
        absl::StrAppend(&svg, absl::StrFormat("<circle cx=\"%d\" cy=\"%d\" "
                                              "r=\"4\" fill=\"%s\"/>",
                                              x, y, Colour(s)));
      }
    }
    absl::StrAppend(&svg,
                    absl::StrFormat("<polyline points=\"%s\" fill=\"none\" "
                                    "stroke=\"%s\" stroke-width=\"2\"/>",
                                    points, Colour(s)));
  }
  absl::StrAppend(&svg, "</svg>");
  return svg;
}

Bars AttributeBars(const QualityReport& r, const std::string& title,
                   bool validity) {
  Bars b;
  b.title = title;
  for (const auto& s : r.sources()) b.series.push_back(s.source());
  if (r.sources().empty()) return b;
  if (validity) {
    // The attributes the hub has a check for.
    b.labels = {"national_id", "birth_date", "phones", "emails"};
  } else {
    for (const auto& a : r.sources(0).attributes())
      b.labels.push_back(a.attribute());
  }
  for (const auto& s : r.sources()) {
    std::vector<double> row;
    for (const std::string& label : b.labels) {
      double v = 0;
      for (const auto& a : s.attributes())
        if (a.attribute() == label)
          v = validity ? a.validity() : a.completeness();
      row.push_back(v);
    }
    b.values.push_back(std::move(row));
  }
  return b;
}

std::string SourceTable(const QualityReport& r) {
  std::string out =
      "<h2>Sources</h2><table><tr><th>source</th><th>records</th>"
      "<th>entities</th><th>records per entity</th><th>mean age (days)</th>"
      "<th>stale</th></tr>";
  for (const auto& s : r.sources()) {
    absl::StrAppend(
        &out,
        absl::StrFormat("<tr><td>%s</td><td>%d</td><td>%d</td><td>%.2f</td>"
                        "<td>%.0f</td><td>%s</td></tr>",
                        HtmlEscape(s.source()), s.records(), s.entities(),
                        s.duplicate_rate(), s.mean_age_days(),
                        Percent(s.stale_share())));
  }
  absl::StrAppend(&out, "</table>");
  return out;
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderQualityHtml(const mdm::v1::GetQualityReportResponse& report) {
  const QualityReport& now = report.current();
  std::string html = absl::StrCat(
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
      "<title>Customer data quality</title><style>"
      "body{font-family:sans-serif;margin:24px;color:#222;background:#fff}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
      "padding:4px 8px;text-align:right}svg text{font-size:12px}"
      "svg text.v{fill:#555}</style></head><body>"
      "<h1>Customer data quality</h1><p>",
      HtmlEscape(FormatTimestamp(now.taken_at())), ": ", now.records(),
      " records in ", now.entities(), " customers (",
      absl::StrFormat("%.2f", now.records_per_entity()),
      " records per customer).</p>");
  absl::StrAppend(&html, SourceTable(now));
  absl::StrAppend(&html, BarChart(AttributeBars(now, "Completeness", false)));
  absl::StrAppend(
      &html, BarChart(AttributeBars(now, "Validity of checked values", true)));
  Bars conflicts;
  conflicts.title = "Conflicts between sources (share of compared customers)";
  conflicts.series = {"conflict rate"};
  conflicts.values.emplace_back();
  for (const auto& c : now.conflicts()) {
    conflicts.labels.push_back(
        absl::StrCat(c.attribute(), " (", c.compared(), ")"));
    conflicts.values[0].push_back(c.rate());
  }
  absl::StrAppend(&html, BarChart(conflicts));
  std::vector<const QualityReport*> trend;
  for (const auto& r : report.history()) trend.push_back(&r);
  trend.push_back(&now);
  absl::StrAppend(&html, TrendChart(trend), "</body></html>\n");
  return html;
}

}  // namespace mdm::ctl

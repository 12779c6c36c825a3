#include "tests/integration/metrics_scrape.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace mdm::integration {
namespace {

absl::Status Errno(absl::string_view what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads one label value after its opening quote, undoing the format's escapes
// (\\, \", \n); advances `rest` past the closing quote.
absl::StatusOr<std::string> QuotedValue(absl::string_view& rest) {
  std::string value;
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '"') {
      rest.remove_prefix(i + 1);
      return value;
    }
    if (c == '\\' && i + 1 < rest.size()) {
      const char e = rest[++i];
      value.push_back(e == 'n' ? '\n' : e);
    } else {
      value.push_back(c);
    }
  }
  return absl::InvalidArgumentError("unterminated label value");
}

absl::StatusOr<Sample> ParseLine(absl::string_view line) {
  Sample s;
  const size_t name_end = line.find_first_of("{ ");
  if (name_end == absl::string_view::npos || name_end == 0) {
    return absl::InvalidArgumentError(absl::StrCat("no sample: ", line));
  }
  s.name = std::string(line.substr(0, name_end));
  absl::string_view rest = line.substr(name_end);
  if (absl::ConsumePrefix(&rest, "{")) {
    while (!absl::ConsumePrefix(&rest, "}")) {
      absl::ConsumePrefix(&rest, ",");
      const size_t eq = rest.find("=\"");
      if (eq == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat("bad labels: ", line));
      }
      std::string label(rest.substr(0, eq));
      rest.remove_prefix(eq + 2);
      absl::StatusOr<std::string> value = QuotedValue(rest);
      if (!value.ok()) return value.status();
      s.labels[label] = *std::move(value);
    }
  }
  // The value, then an optional timestamp.
  std::vector<absl::string_view> fields =
      absl::StrSplit(absl::StripAsciiWhitespace(rest), ' ', absl::SkipEmpty());
  if (fields.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("no value: ", line));
  }
  // strtod reads "NaN", "+Inf" and "-Inf" as the format writes them.
  const std::string value(fields[0]);
  char* end = nullptr;
  s.value = std::strtod(value.c_str(), &end);
  if (end != value.c_str() + value.size()) {
    return absl::InvalidArgumentError(absl::StrCat("bad value: ", line));
  }
  return s;
}

}  // namespace

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  Fd fd(socket(AF_INET, SOCK_STREAM, 0));
  if (fd.get() < 0) return Errno("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Errno(absl::StrCat("connect to 127.0.0.1:", port));
  }
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n =
        send(fd.get(), request.data() + sent, request.size() - sent, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("send");
    sent += static_cast<size_t>(n);
  }
  // HTTP/1.0: the server closes the connection after the answer.
  std::string response;
  char buf[8192];
  while (true) {
    const ssize_t n = recv(fd.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("recv");
    if (n == 0) break;
    response.append(buf, static_cast<size_t>(n));
  }
  const size_t header_end = response.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    return absl::UnavailableError(
        absl::StrCat("no complete HTTP answer: ", response));
  }
  const absl::string_view status_line =
      absl::string_view(response).substr(0, response.find("\r\n"));
  std::vector<absl::string_view> status = absl::StrSplit(status_line, ' ');
  if (status.size() < 2 || status[1] != "200") {
    return absl::UnavailableError(
        absl::StrCat("GET ", path, ": ", status_line));
  }
  return response.substr(header_end + 4);
}

absl::StatusOr<std::vector<Sample>> ParseMetrics(const std::string& text) {
  std::vector<Sample> samples;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    absl::StatusOr<Sample> s = ParseLine(line);
    if (!s.ok()) return s.status();
    samples.push_back(*std::move(s));
  }
  return samples;
}

std::vector<Sample> Select(const std::vector<Sample>& samples,
                           const std::string& name,
                           const std::map<std::string, std::string>& labels) {
  std::vector<Sample> out;
  for (const Sample& s : samples) {
    if (s.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : labels) {
      auto it = s.labels.find(k);
      all = all && it != s.labels.end() && it->second == v;
    }
    if (all) out.push_back(s);
  }
  return out;
}

absl::StatusOr<double> ValueOf(
    const std::vector<Sample>& samples, const std::string& name,
    const std::map<std::string, std::string>& labels) {
  std::vector<Sample> found = Select(samples, name, labels);
  if (found.empty()) {
    return absl::NotFoundError(absl::StrCat("no sample ", name));
  }
  if (found.size() > 1) {
    return absl::FailedPreconditionError(
        absl::StrCat(found.size(), " samples ", name, " match"));
  }
  return found.front().value;
}

}  // namespace mdm::integration

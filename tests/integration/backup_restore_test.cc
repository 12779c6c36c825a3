// Backup and restore of the embedded store through the real mdm-hub and
// mdmctl: `admin backup` (plain and encrypted) while the hub serves,
// `admin restore` into a new file, and a fresh hub on it that answers exactly
// as the original did when the backup was taken.
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Plain text that the sample data holds and an encrypted backup must not.
constexpr char kKnownPhone[] = "13800138000";

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

class BackupRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    for (const char* source : {"erp", "finance", "callcenter"}) {
      CommandResult r =
          Run(*hub_, {"import", "--source", source, SampleCsv(source)});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    key_file_ = dir_.File("backup.key");
    WriteFile(key_file_, "9f1c2e7a4b8d3f60a1e5c7b9d2f4a6c8\n");
  }

  static CommandResult Run(const HubProcess& hub,
                           const std::vector<std::string>& args) {
    auto result = hub.Mdmctl(args);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : CommandResult();
  }

  static std::string Out(const HubProcess& hub,
                         const std::vector<std::string>& args) {
    CommandResult r = Run(hub, args);
    EXPECT_EQ(r.exit_code, 0) << absl::StrJoin(args, " ") << "\n" << r.err;
    return r.out;
  }

  // What a client sees: every xref, every golden record as JSON, and a few
  // searches.
  static std::map<std::string, std::string> Answers(const HubProcess& hub) {
    std::map<std::string, std::string> answers;
    const std::string xref = Out(hub, {"export", "xref"});
    answers["export xref"] = xref;
    std::set<std::string> ids;
    for (absl::string_view line : absl::StrSplit(xref, '\n')) {
      std::vector<std::string> cols = absl::StrSplit(line, ',');
      if (cols.size() == 3 && cols[2] != "golden_id") ids.insert(cols[2]);
    }
    EXPECT_GT(ids.size(), 10u);
    for (const std::string& id : ids) {
      answers["get " + id] = Out(hub, {"get", "--records", id});
    }
    for (const std::vector<std::string>& q :
         {std::vector<std::string>{"search", "--name", "王小明"},
          std::vector<std::string>{"search", "--phone", kKnownPhone},
          std::vector<std::string>{"resolve", "--name", "Wang Xiaoming",
                                   "--birth-date", "1985-03-12"}}) {
      answers[absl::StrJoin(q, " ")] = Out(hub, q);
    }
    return answers;
  }

  // Restores `backup` into DIR/hub.db of a new directory and starts a hub
  // there.
  std::unique_ptr<HubProcess> RestoreAndStart(
      const ScopedTempDir& into, const std::string& backup,
      const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"admin", "restore", backup, "--to",
                                     into.File("hub.db")};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = Run(*hub_, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(": ok,"));
    auto hub = HubProcess::Start(into.path());
    EXPECT_TRUE(hub.ok()) << hub.status();
    return hub.ok() ? *std::move(hub) : nullptr;
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::string key_file_;
};

TEST_F(BackupRestoreTest, AdminCheckReportsSoundStore) {
  CommandResult r = Run(*hub_, {"admin", "check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("store: ok, "));
}

TEST_F(BackupRestoreTest, EncryptedBackupRestoresIdenticalAnswers) {
  const std::map<std::string, std::string> before = Answers(*hub_);
  const std::string backup = dir_.File("hub.backup");
  CommandResult r =
      Run(*hub_, {"admin", "backup", backup, "--key-file", key_file_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("encrypted (AES-256-GCM)"));
  const std::string bytes = ReadFileOrEmpty(backup);
  EXPECT_THAT(bytes, StartsWith("MDMBAK01"));
  EXPECT_FALSE(absl::StrContains(bytes, kKnownPhone));
  EXPECT_FALSE(absl::StrContains(bytes, "SQLite format 3"));

  // Later writes are not in the backup.
  WriteFile(dir_.File("late.csv"),
            "source_record_id,name,phones\nLATE-1,迟到者,13911112222\n");
  ASSERT_EQ(Run(*hub_, {"import", "--source", "crm", dir_.File("late.csv")})
                .exit_code,
            0);

  ScopedTempDir restored_dir;
  auto restored =
      RestoreAndStart(restored_dir, backup, {"--key-file", key_file_});
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(Answers(*restored), before);
  EXPECT_NE(Run(*restored, {"xref", "crm", "LATE-1"}).exit_code, 0);
  EXPECT_EQ(Run(*restored, {"admin", "check"}).exit_code, 0);
}

TEST_F(BackupRestoreTest, PlainBackupIsAnSqliteFileAndRestores) {
  const std::string backup = dir_.File("plain.db");
  ASSERT_EQ(Run(*hub_, {"admin", "backup", backup}).exit_code, 0);
  const std::string bytes = ReadFileOrEmpty(backup);
  EXPECT_THAT(bytes, StartsWith("SQLite format 3"));
  EXPECT_TRUE(absl::StrContains(bytes, kKnownPhone));
  ScopedTempDir restored_dir;
  auto restored = RestoreAndStart(restored_dir, backup);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(Out(*restored, {"export", "xref"}), Out(*hub_, {"export", "xref"}));
}

TEST_F(BackupRestoreTest, RestoreRefusesWrongKeyTamperingAndMissingKey) {
  const std::string backup = dir_.File("hub.backup");
  ASSERT_EQ(Run(*hub_, {"admin", "backup", backup, "--key-file", key_file_})
                .exit_code,
            0);
  ScopedTempDir into;
  const std::string target = into.File("hub.db");

  const std::string wrong_key = dir_.File("wrong.key");
  WriteFile(wrong_key, "00000000000000000000000000000000\n");
  CommandResult r = Run(*hub_, {"admin", "restore", backup, "--to", target,
                                "--key-file", wrong_key});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("authentication failed"));

  std::string bytes = ReadFileOrEmpty(backup);
  bytes[bytes.size() / 2] ^= 0x01;
  const std::string tampered = dir_.File("tampered.backup");
  WriteFile(tampered, bytes);
  r = Run(*hub_, {"admin", "restore", tampered, "--to", target, "--key-file",
                  key_file_});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("authentication failed"));

  r = Run(*hub_, {"admin", "restore", backup, "--to", target});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("give --key-file"));

  EXPECT_EQ(ReadFileOrEmpty(target), "");
  EXPECT_EQ(ReadFileOrEmpty(target + ".partial"), "");
}

TEST_F(BackupRestoreTest, BackupRefusesToOverwrite) {
  const std::string backup = dir_.File("exists.backup");
  WriteFile(backup, "keep me");
  CommandResult r = Run(*hub_, {"admin", "backup", backup});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("exists"));
  EXPECT_EQ(ReadFileOrEmpty(backup), "keep me");
}

}  // namespace
}  // namespace mdm::integration

// Encrypted backup files: AES-256-GCM (OpenSSL EVP) under a key derived from
// a secret (the contents of a key file) with PBKDF2-HMAC-SHA256 and a random
// salt. GCM authenticates the whole file, so a wrong secret or a changed byte
// is detected at the end of decryption, and nothing decrypted is kept.
//
// File layout: "MDMBAK01" | salt (16) | IV (12) | ciphertext | tag (16); the
// first 36 bytes are authenticated as associated data.
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mdm::ctl {

inline constexpr char kEncryptedBackupMagic[] = "MDMBAK01";
// Shortest secret accepted: a key file holds random bytes or a long
// passphrase (e.g. `openssl rand -base64 32 > backup.key`).
inline constexpr size_t kMinSecretBytes = 16;

// The secret in `path`, one trailing newline removed. InvalidArgument when it
// is shorter than kMinSecretBytes; NotFound when unreadable.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

// Encrypts a stream given piece by piece (the backup arrives in chunks).
class BackupEncryptor {
 public:
  // Writes the header to `out` (which must outlive the encryptor).
  static absl::StatusOr<std::unique_ptr<BackupEncryptor>> Start(
      const std::string& secret, std::ostream* out);
  ~BackupEncryptor();

  absl::Status Update(const std::string& plaintext);
  // Writes the tag. Call once, after the last Update.
  absl::Status Finish();

 private:
  struct Impl;
  explicit BackupEncryptor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True when `path` starts with kEncryptedBackupMagic.
bool IsEncryptedBackup(const std::string& path);

// Decrypts the backup file at `in_path` into `out`. DataLoss when the secret
// is wrong or the file was altered or cut short (then `out` holds garbage:
// the caller discards it).
absl::Status DecryptBackup(const std::string& in_path,
                           const std::string& secret, std::ostream& out);

}  // namespace mdm::ctl

#include "clients/mdmctl/backup_crypto.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mdm::ctl {
namespace {

constexpr size_t kMagicBytes = sizeof(kEncryptedBackupMagic) - 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kIvBytes = 12;  // GCM's natural nonce size
constexpr size_t kTagBytes = 16;
constexpr size_t kKeyBytes = 32;  // AES-256
constexpr size_t kHeaderBytes = kMagicBytes + kSaltBytes + kIvBytes;
// PBKDF2 work factor: a passphrase costs an attacker this many HMACs per
// guess (about a third of a second here, once per backup or restore).
constexpr int kPbkdf2Iterations = 600000;

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

absl::Status OpensslError(const char* what) {
  return absl::InternalError(absl::StrCat("openssl: ", what, " failed"));
}

const unsigned char* Bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Derives the key from `secret` and `salt`, and sets up `ctx` for AES-256-GCM
// in the given direction with `iv`, authenticating `header`.
absl::StatusOr<CipherCtx> InitCipher(const std::string& secret,
                                     const std::string& header, bool encrypt) {
  const unsigned char* salt = Bytes(header) + kMagicBytes;
  const unsigned char* iv = salt + kSaltBytes;
  unsigned char key[kKeyBytes];
  if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), salt,
                        kSaltBytes, kPbkdf2Iterations, EVP_sha256(), kKeyBytes,
                        key) != 1) {
    return OpensslError("PBKDF2");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int ok = ctx != nullptr &&
           EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr,
                             nullptr, encrypt ? 1 : 0) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kIvBytes,
                               nullptr) == 1 &&
           EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key, iv,
                             encrypt ? 1 : 0) == 1;
  OPENSSL_cleanse(key, sizeof(key));
  int aad_len = 0;
  if (!ok || EVP_CipherUpdate(ctx.get(), nullptr, &aad_len, Bytes(header),
                              static_cast<int>(header.size())) != 1) {
    return OpensslError("AES-256-GCM setup");
  }
  return ctx;
}

// Runs `in` through the cipher and appends the result to `out`.
absl::Status Transform(EVP_CIPHER_CTX* ctx, const char* in, size_t n,
                       std::string* out) {
  const size_t old = out->size();
  out->resize(old + n + EVP_MAX_BLOCK_LENGTH);
  int len = 0;
  if (EVP_CipherUpdate(ctx, reinterpret_cast<unsigned char*>(&(*out)[old]),
                       &len, reinterpret_cast<const unsigned char*>(in),
                       static_cast<int>(n)) != 1) {
    return OpensslError("AES-256-GCM update");
  }
  out->resize(old + static_cast<size_t>(len));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  std::string secret = buf.str();
  if (!secret.empty() && secret.back() == '\n') secret.pop_back();
  if (secret.size() < kMinSecretBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, " holds ", secret.size(),
                     " bytes; at least ", kMinSecretBytes, " are needed"));
  }
  return secret;
}

struct BackupEncryptor::Impl {
  CipherCtx ctx;
  std::ostream* out;
  std::string buffer;
};

BackupEncryptor::BackupEncryptor(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
BackupEncryptor::~BackupEncryptor() = default;

absl::StatusOr<std::unique_ptr<BackupEncryptor>> BackupEncryptor::Start(
    const std::string& secret, std::ostream* out) {
  std::string header(kEncryptedBackupMagic, kMagicBytes);
  header.resize(kHeaderBytes);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&header[kMagicBytes]),
                 kSaltBytes + kIvBytes) != 1) {
    return OpensslError("RAND_bytes");
  }
  auto impl = std::make_unique<Impl>();
  auto ctx = InitCipher(secret, header, /*encrypt=*/true);
  if (!ctx.ok()) return ctx.status();
  impl->ctx = *std::move(ctx);
  impl->out = out;
  out->write(header.data(), static_cast<std::streamsize>(header.size()));
  return std::unique_ptr<BackupEncryptor>(new BackupEncryptor(std::move(impl)));
}

absl::Status BackupEncryptor::Update(const std::string& plaintext) {
  impl_->buffer.clear();
  absl::Status s = Transform(impl_->ctx.get(), plaintext.data(),
                             plaintext.size(), &impl_->buffer);
  if (!s.ok()) return s;
  impl_->out->write(impl_->buffer.data(),
                    static_cast<std::streamsize>(impl_->buffer.size()));
  return absl::OkStatus();
}

absl::Status BackupEncryptor::Finish() {
  unsigned char tail[EVP_MAX_BLOCK_LENGTH];
  int len = 0;
  unsigned char tag[kTagBytes];
  if (EVP_CipherFinal_ex(impl_->ctx.get(), tail, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(impl_->ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          tag) != 1) {
    return OpensslError("AES-256-GCM final");
  }
  impl_->out->write(reinterpret_cast<const char*>(tail), len);
  impl_->out->write(reinterpret_cast<const char*>(tag), kTagBytes);
  return absl::OkStatus();
}

bool IsEncryptedBackup(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[kMagicBytes];
  return in.read(magic, kMagicBytes) &&
         std::memcmp(magic, kEncryptedBackupMagic, kMagicBytes) == 0;
}

absl::Status DecryptBackup(const std::string& in_path,
                           const std::string& secret, std::ostream& out) {
  std::ifstream in(in_path, std::ios::binary | std::ios::ate);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", in_path));
  const auto size = static_cast<size_t>(in.tellg());
  if (size < kHeaderBytes + kTagBytes) {
    return absl::DataLossError(absl::StrCat(in_path, " is cut short"));
  }
  in.seekg(0);
  std::string header(kHeaderBytes, '\0');
  in.read(header.data(), kHeaderBytes);
  auto ctx = InitCipher(secret, header, /*encrypt=*/false);
  if (!ctx.ok()) return ctx.status();
  size_t left = size - kHeaderBytes - kTagBytes;
  std::vector<char> chunk(1 << 20);
  std::string plain;
  while (left > 0 && in) {
    const size_t n = std::min(left, chunk.size());
    in.read(chunk.data(), static_cast<std::streamsize>(n));
    plain.clear();
    absl::Status s = Transform(ctx->get(), chunk.data(), n, &plain);
    if (!s.ok()) return s;
    out.write(plain.data(), static_cast<std::streamsize>(plain.size()));
    left -= n;
  }
  unsigned char tag[kTagBytes];
  in.read(reinterpret_cast<char*>(tag), kTagBytes);
  if (!in) return absl::DataLossError(absl::StrCat("cannot read ", in_path));
  unsigned char tail[EVP_MAX_BLOCK_LENGTH];
  int len = 0;
  if (EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag) !=
          1 ||
      EVP_CipherFinal_ex(ctx->get(), tail, &len) != 1) {
    return absl::DataLossError(
        absl::StrCat(in_path,
                     ": authentication failed (wrong key, or the file was "
                     "altered or cut short)"));
  }
  out.write(reinterpret_cast<const char*>(tail), len);
  return out ? absl::OkStatus()
             : absl::UnavailableError("writing the restored database");
}

}  // namespace mdm::ctl

#include "hub/access/access_control.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace mdm::access {
namespace {

TEST(AccessControl, Sha256OfAKnownString) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

AccessControl Config() {
  auto ac = AccessControl::FromJson(absl::StrCat(
      R"({"tokens": [{"name": "ops", "role": "admin", "scopes": ["pii"], )",
      R"("sha256": ")", Sha256Hex("admin-secret"), R"("}, )",
      R"({"name": "erp", "role": "connector", "source": "erp", )",
      R"("sha256": ")", Sha256Hex("erp-secret"), R"("}]})"));
  EXPECT_TRUE(ac.ok()) << ac.status();
  return *std::move(ac);
}

TEST(AccessControl, TokenNamesItsPrincipal) {
  AccessControl ac = Config();
  auto p = ac.Authenticate("admin-secret", std::nullopt);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "token:ops");
  EXPECT_EQ(p->role, Role::kAdmin);
  EXPECT_TRUE(p->pii);
  auto erp = ac.Authenticate("erp-secret", std::nullopt);
  ASSERT_TRUE(erp.ok());
  EXPECT_EQ(erp->source, "erp");
  EXPECT_FALSE(erp->pii);
}

TEST(AccessControl, UnknownTokenOrNoCredentialsIsUnauthenticated) {
  AccessControl ac = Config();
  EXPECT_EQ(ac.Authenticate("guess", std::nullopt).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ac.Authenticate(std::nullopt, std::nullopt).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AccessControl, ClientCertificateNamesAConnectorOfItsSource) {
  auto p = Config().Authenticate(std::nullopt, "finance");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "cert:finance");
  EXPECT_EQ(p->role, Role::kConnector);
  EXPECT_EQ(p->source, "finance");
}

TEST(AccessControl, OpenModeAdmitsEveryoneAsAdmin) {
  auto p = AccessControl::Open().Authenticate(std::nullopt, std::nullopt);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, Role::kAdmin);
  EXPECT_FALSE(AccessControl::Open().enabled());
}

TEST(AccessControl, RateLimitsByRoleAndByToken) {
  auto ac = AccessControl::FromJson(absl::StrCat(
      R"({"tokens": [{"name": "erp", "role": "connector", "source": "erp", )",
      R"("sha256": ")", Sha256Hex("s"), R"(", )",
      R"("rate": {"per_second": 5, "burst": 10}}], )",
      R"("rate_limits": {"reader": {"per_second": 100}}})"));
  ASSERT_TRUE(ac.ok()) << ac.status();
  EXPECT_EQ(ac->rate_limits().by_principal.at("token:erp").burst, 10);
  EXPECT_EQ(ac->rate_limits().by_role.at(Role::kReader).per_second, 100);
  EXPECT_FALSE(AccessControl::FromJson(
                   R"({"tokens": [], "rate_limits": {"reader": {}}})")
                   .ok());
}

TEST(AccessControl, BadConfigsAreRefused) {
  const std::string hash = Sha256Hex("x");
  for (const std::string& json : {
           std::string("[]"),
           absl::StrCat(R"({"tokens":[{"name":"a","role":"root","sha256":")",
                        hash, R"("}]})"),
           absl::StrCat(R"({"tokens":[{"name":"a","role":"connector",)",
                        R"("sha256":")", hash, R"("}]})"),
           std::string(
               R"({"tokens":[{"name":"a","role":"reader","sha256":"x"}]})"),
           absl::StrCat(R"({"tokens":[{"name":"a","role":"reader","sha256":")",
                        hash, R"("},{"name":"b","role":"admin","sha256":")",
                        hash, R"("}]})"),
       }) {
    EXPECT_FALSE(AccessControl::FromJson(json).ok()) << json;
  }
}

}  // namespace
}  // namespace mdm::access

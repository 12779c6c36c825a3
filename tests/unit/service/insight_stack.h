// The insight service wired as the hub wires it (resolution, fact cache,
// insight items), over real SQLite stores in a temporary directory, for the
// unit tests of what sits on top of resolution.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "hub/common/clock.h"
#include "hub/insight/rules.h"
#include "hub/service/insight_service.h"
#include "hub/service/record_fact_cache.h"
#include "hub/service/resolution_service.h"
#include "hub/store/sqlite_fact_store.h"
#include "hub/store/sqlite_insight_store.h"
#include "hub/store/sqlite_store.h"

namespace mdm::service {

class InsightStack {
 public:
  // Opens every store in one fresh hub.db; `clock` must outlive the stack.
  absl::Status Open(const Clock* clock) {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "insight-XXXXXX")
            .string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      return absl::InternalError("mkdtemp failed");
    }
    dir_.path = tmpl;
    const std::string path = tmpl + "/hub.db";
    auto store = SqliteStore::Open(path);
    if (!store.ok()) return store.status();
    store_ = *std::move(store);
    auto facts = SqliteFactStore::Open(path);
    if (!facts.ok()) return facts.status();
    facts_ = *std::move(facts);
    auto items = SqliteInsightStore::Open(path);
    if (!items.ok()) return items.status();
    items_ = *std::move(items);
    auto resolution = ResolutionService::Create(store_.get(), clock, {});
    if (!resolution.ok()) return resolution.status();
    resolution_ = *std::move(resolution);
    cache_ = std::make_unique<RecordFactCache>(facts_.get(), true, 100);
    insight_ = std::make_unique<InsightService>(resolution_.get(), cache_.get(),
                                                items_.get(), clock,
                                                insight::InsightRules{});
    return absl::OkStatus();
  }

  SqliteStore* store() { return store_.get(); }
  SqliteInsightStore* items() { return items_.get(); }
  ResolutionService* resolution() { return resolution_.get(); }
  InsightService* insight() { return insight_.get(); }

 private:
  // First member, so the directory goes after every store in it is closed.
  struct Dir {
    std::string path;
    ~Dir() {
      if (!path.empty()) std::filesystem::remove_all(path);
    }
  } dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteFactStore> facts_;
  std::unique_ptr<SqliteInsightStore> items_;
  std::unique_ptr<ResolutionService> resolution_;
  std::unique_ptr<RecordFactCache> cache_;
  std::unique_ptr<InsightService> insight_;
};

}  // namespace mdm::service

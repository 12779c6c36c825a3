// Stewardship on the resolution service: merge, split, keep apart, dead
// registry, and how clustering and screening respect steward decisions.
//
// Every action runs as a batch of the ingestion pipeline (Batch::steward), so
// it is serialized with ingestion, undone with it on failure, and guarded
// like it between hubs. An action validates everything (ids, etags, record
// membership) before it changes the index, so a refused action leaves no
// trace.

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "hub/common/fnv1a.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"
#include "hub/service/guard_ids.h"
#include "hub/service/record_validation.h"
#include "hub/service/resolution_batch.h"
#include "hub/service/resolution_service.h"
#include "hub/service/steward_events.h"

namespace mdm::service {
namespace {

// Pairs one action may write (merging or splitting entities of a few
// thousand records is not a steward's use case and would stall ingestion).
constexpr size_t kMaxConstraintPairs = 100'000;

void HashContext(Fnv1a& h, const StewardContext& c) {
  h.Bytes(c.author);
  h.Bytes(c.reason);
}

absl::Status UnknownRecord(const RecordKey& k) {
  return WithField(absl::NotFoundError(absl::StrCat("no record ", k.source, "/",
                                                    k.source_record_id)),
                   "record");
}

void HashKey(Fnv1a& h, const RecordKey& k) {
  h.Bytes(k.source);
  h.Bytes(k.source_record_id);
}

}  // namespace

absl::StatusOr<StewardResult> ResolutionService::RunSteward(
    const StewardContext& context, uint64_t body_hash, StewardOp op) {
  auto replay = [&]() -> absl::StatusOr<std::optional<StewardResult>> {
    if (context.request_id.empty()) return std::nullopt;
    ASSIGN_OR_RETURN(std::optional<StewardRequest> prior,
                     store_->GetStewardRequest(context.request_id));
    if (!prior) return std::nullopt;
    if (prior->body_hash != body_hash) {
      return WithField(
          absl::AlreadyExistsError(absl::StrCat(
              "request_id ", context.request_id,
              " was already used for a different request; use a new one")),
          "request_id");
    }
    return DecodeStewardResult(prior->result);
  };
  ASSIGN_OR_RETURN(std::optional<StewardResult> answered, replay());
  if (answered) return *std::move(answered);

  absl::StatusOr<StewardResult> out;
  auto batch = std::make_unique<Batch>();
  batch->steward =
      [&](Batch& b)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<StewardResult> {
    // A request committed between the check above and this batch.
    ASSIGN_OR_RETURN(std::optional<StewardResult> late, replay());
    if (late) return *std::move(late);
    ASSIGN_OR_RETURN(StewardResult r, op(b));
    b.steward_touched = true;
    if (!context.request_id.empty()) {
      b.Current().steward.request =
          StewardRequest{.request_id = context.request_id,
                         .body_hash = body_hash,
                         .result = EncodeStewardResult(r),
                         .created_at_us = clock_->NowMicros()};
    }
    return r;
  };
  batch->done = [&](absl::Status s, Batch& b) {
    out = s.ok() ? b.steward_result : s;
  };
  ResolveAndWait(std::move(batch));
  return out;
}

absl::StatusOr<GoldenRecord> ResolutionService::StewardTarget(
    const std::string& id, const std::string& etag, const std::string& field,
    Batch& batch) {
  const std::string bare(StripCustomerPrefix(id));
  if (bare.empty()) return FieldError(field, "required");
  ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                   store_->ResolveRedirect(bare));
  const std::string target = redirect.value_or(bare);
  ASSIGN_OR_RETURN(std::optional<GoldenRecord> g,
                   PreviousGolden(target, batch));
  if (!g || index_.Members(target).empty()) {
    return WithField(absl::NotFoundError(absl::StrCat("no customer ", bare)),
                     field);
  }
  if (!etag.empty() && etag != g->etag) {
    return WithField(
        absl::AbortedError(absl::StrCat(
            "customer ", target, " changed since it was read (etag ", etag,
            ", now ", g->etag, "); read it again and retry")),
        field);
  }
  return *std::move(g);
}

std::vector<RecordKey> ResolutionService::MemberKeys(
    const std::string& golden_id) const {
  std::vector<RecordKey> out;
  for (const match::IndexedRecord* r : index_.Members(golden_id)) {
    out.push_back(r->key);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ResolutionService::MoveRecords(const std::vector<RecordKey>& keys,
                                    const std::string& target, ChangeSet& cs,
                                    Batch& batch) {
  for (const RecordKey& k : keys) {
    index_.SetEntity(k, target);
    StageRecord(cs, *index_.Find(k), batch);
  }
}

void ResolutionService::PutConstraints(const std::vector<RecordKey>& a,
                                       const std::vector<RecordKey>& b,
                                       LinkKind kind,
                                       const StewardContext& context,
                                       ChangeSet& cs) {
  const int64_t now = clock_->NowMicros();
  for (const RecordKey& x : a) {
    for (const RecordKey& y : b) {
      if (x == y) continue;
      LinkConstraint c = StewardRules::Pair(x, y, kind);
      c.author = context.author;
      c.reason = context.reason;
      c.created_at_us = now;
      rules_.Put(c);
      cs.steward.put_constraints.push_back(std::move(c));
    }
  }
}

StewardResult::Entity ResolutionService::EntityState(
    const std::string& golden_id, Batch& batch) {
  return {golden_id, batch.goldens[golden_id].etag};
}

absl::StatusOr<StewardResult> ResolutionService::MergeEntities(
    const MergeRequest& request) {
  if (request.others.empty()) return FieldError("others", "required");
  Fnv1a h;
  h.Bytes("merge");
  h.Bytes(request.survivor);
  for (const std::string& id : request.others) h.Bytes(id);
  for (const auto& [id, etag] : request.etags) {
    h.Bytes(id);
    h.Bytes(etag);
  }
  HashContext(h, request.context);
  return RunSteward(
      request.context, h.value(),
      [&](Batch& batch)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<StewardResult> {
            auto etag_of = [&](const std::string& id) {
              for (const auto& [named, etag] : request.etags) {
                if (StripCustomerPrefix(named) == StripCustomerPrefix(id))
                  return etag;
              }
              return std::string();
            };
            ASSIGN_OR_RETURN(
                GoldenRecord survivor,
                StewardTarget(request.survivor, etag_of(request.survivor),
                              "survivor", batch));
            std::vector<std::string> others;
            for (size_t i = 0; i < request.others.size(); ++i) {
              const std::string field = absl::StrCat("others[", i, "]");
              ASSIGN_OR_RETURN(
                  GoldenRecord g,
                  StewardTarget(request.others[i], etag_of(request.others[i]),
                                field, batch));
              if (g.golden_id == survivor.golden_id ||
                  std::find(others.begin(), others.end(), g.golden_id) !=
                      others.end()) {
                return FieldError(field, absl::StrCat("customer ", g.golden_id,
                                                      " is named twice"));
              }
              others.push_back(g.golden_id);
            }
            std::vector<std::string> all = others;
            all.push_back(survivor.golden_id);
            if (const DeadMark* dead = FirstDead(all)) {
              return WithField(absl::FailedPreconditionError(absl::StrCat(
                                   "customer ", dead->golden_id,
                                   " is dead; revive it before merging")),
                               "others");
            }
            // Must-links between every pair of records from different parts.
            std::vector<std::vector<RecordKey>> parts;
            parts.push_back(MemberKeys(survivor.golden_id));
            size_t total = parts.back().size();
            for (const std::string& id : others) {
              parts.push_back(MemberKeys(id));
              total += parts.back().size();
            }
            if (total * total / 2 > kMaxConstraintPairs) {
              return FieldError("others", "too many records to merge at once");
            }
            ChangeSet& cs = batch.Begin();
            for (size_t i = 0; i < parts.size(); ++i) {
              for (size_t j = i + 1; j < parts.size(); ++j) {
                PutConstraints(parts[i], parts[j], LinkKind::kMustLink,
                               request.context, cs);
              }
            }
            for (size_t i = 0; i < others.size(); ++i) {
              MoveRecords(parts[i + 1], survivor.golden_id, cs, batch);
              cs.redirects.emplace_back(others[i], survivor.golden_id);
              cs.delete_entities.push_back(others[i]);
            }
            RETURN_IF_ERROR(Recompute(survivor.golden_id, batch, others));
            AttachMergedEvent(cs, others, survivor.golden_id);
            StewardResult result;
            result.entities.push_back(EntityState(survivor.golden_id, batch));
            result.merged_ids = others;
            return result;
          });
}

absl::StatusOr<std::string> ResolutionService::SplitOff(
    const GoldenRecord& from, const std::vector<RecordKey>& records,
    const StewardContext& context, Batch& batch) {
  std::vector<RecordKey> moved = records;
  std::sort(moved.begin(), moved.end());
  std::vector<RecordKey> staying;
  for (const RecordKey& k : MemberKeys(from.golden_id)) {
    if (!std::binary_search(moved.begin(), moved.end(), k))
      staying.push_back(k);
  }
  if (moved.size() * (staying.size() + moved.size()) > kMaxConstraintPairs) {
    return FieldError("records", "too many records to split at once");
  }
  ASSIGN_OR_RETURN(std::string fresh, MintGoldenId());
  ChangeSet& cs = batch.Begin();
  // The part moved out is one customer, and never again the one it left.
  PutConstraints(moved, staying, LinkKind::kCannotLink, context, cs);
  for (size_t i = 0; i < moved.size(); ++i) {
    PutConstraints({moved[i]}, {moved.begin() + i + 1, moved.end()},
                   LinkKind::kMustLink, context, cs);
  }
  MoveRecords(moved, fresh, cs, batch);
  RETURN_IF_ERROR(Recompute(from.golden_id, batch, {}));
  RETURN_IF_ERROR(Recompute(fresh, batch, {}));
  AttachSplitEvent(cs, from.golden_id, {fresh});
  return fresh;
}

namespace {

// InvalidArgument unless every key is distinct and a member of `golden_id`,
// and some member stays behind.
absl::Status CheckSplit(const std::vector<RecordKey>& records,
                        const std::vector<RecordKey>& members,
                        const std::string& golden_id) {
  if (records.empty()) return FieldError("records", "required");
  std::set<RecordKey> seen;
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string field = absl::StrCat("records[", i, "]");
    RETURN_IF_ERROR(ValidateRecordKey(records[i], field));
    if (!std::binary_search(members.begin(), members.end(), records[i])) {
      return FieldError(field, absl::StrCat("record ", records[i].source, "/",
                                            records[i].source_record_id,
                                            " is not in customer ", golden_id));
    }
    if (!seen.insert(records[i]).second) {
      return FieldError(field, "named twice");
    }
  }
  if (seen.size() == members.size()) {
    return WithField(
        absl::FailedPreconditionError(
            "a split must leave at least one record in the customer"),
        "records");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StewardResult> ResolutionService::SplitEntity(
    const SplitRequest& request) {
  Fnv1a h;
  h.Bytes("split");
  h.Bytes(request.golden_id);
  h.Bytes(request.etag);
  for (const RecordKey& k : request.records) HashKey(h, k);
  HashContext(h, request.context);
  return RunSteward(
      request.context, h.value(),
      [&](Batch& batch)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<StewardResult> {
            ASSIGN_OR_RETURN(GoldenRecord from,
                             StewardTarget(request.golden_id, request.etag,
                                           "golden_id", batch));
            RETURN_IF_ERROR(CheckSplit(
                request.records, MemberKeys(from.golden_id), from.golden_id));
            ASSIGN_OR_RETURN(
                std::string fresh,
                SplitOff(from, request.records, request.context, batch));
            StewardResult result;
            result.entities.push_back(EntityState(from.golden_id, batch));
            result.entities.push_back(EntityState(fresh, batch));
            return result;
          });
}

absl::StatusOr<StewardResult> ResolutionService::KeepApart(
    const KeepApartRequest& request) {
  RETURN_IF_ERROR(ValidateRecordKey(request.record, "record"));
  Fnv1a h;
  h.Bytes("keep_apart");
  HashKey(h, request.record);
  h.Bytes(request.golden_id);
  HashContext(h, request.context);
  return RunSteward(
      request.context, h.value(),
      [&](Batch& batch)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<StewardResult> {
            ASSIGN_OR_RETURN(
                GoldenRecord other,
                StewardTarget(request.golden_id, "", "golden_id", batch));
            const match::IndexedRecord* r = index_.Find(request.record);
            if (r == nullptr) return UnknownRecord(request.record);
            const std::string own = r->golden_id;
            if (own == other.golden_id) {
              return WithField(absl::FailedPreconditionError(absl::StrCat(
                                   "the record is already in customer ", own,
                                   "; split it out instead")),
                               "golden_id");
            }
            ChangeSet& cs = batch.Begin();
            PutConstraints({request.record}, MemberKeys(other.golden_id),
                           LinkKind::kCannotLink, request.context, cs);
            // No entity changes, but both are what the decision is about: a
            // concurrent resolution joining them must lose its race.
            batch.touched_entities.insert(own);
            batch.touched_entities.insert(other.golden_id);
            StewardResult result;
            result.entities.push_back({own, ""});
            result.entities.push_back({other.golden_id, other.etag});
            return result;
          });
}

absl::StatusOr<StewardResult> ResolutionService::MarkDead(
    const MarkDeadRequest& request) {
  if (request.reason == DeadReason::kUnspecified) {
    return FieldError("reason", "required");
  }
  const bool by_record = request.golden_id.empty();
  if (by_record) RETURN_IF_ERROR(ValidateRecordKey(request.record, "record"));
  Fnv1a h;
  h.Bytes("dead");
  h.Bytes(request.golden_id);
  HashKey(h, request.record);
  h.Int(static_cast<uint64_t>(request.reason));
  h.Bytes(request.note);
  HashContext(h, request.context);
  return RunSteward(
      request.context, h.value(),
      [&](Batch& batch)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<StewardResult> {
            std::string id = request.golden_id;
            if (by_record) {
              const match::IndexedRecord* r = index_.Find(request.record);
              if (r == nullptr) return UnknownRecord(request.record);
              id = r->golden_id;
            }
            ASSIGN_OR_RETURN(GoldenRecord g,
                             StewardTarget(id, "", "golden_id", batch));
            if (by_record && index_.Members(g.golden_id).size() > 1) {
              // Only this record is dead: it leaves its customer first.
              ASSIGN_OR_RETURN(g.golden_id, SplitOff(g, {request.record},
                                                     request.context, batch));
            }
            if (batch.changes.empty()) batch.Begin();
            DeadMark mark{.golden_id = g.golden_id,
                          .reason = request.reason,
                          .note = request.note,
                          .author = request.context.author,
                          .marked_at_us = clock_->NowMicros()};
            rules_.PutDead(mark);
            batch.Current().steward.put_dead.push_back(mark);
            batch.touched_entities.insert(g.golden_id);
            AttachDeadEvent(batch.Current(), mark,
                            by_record ? request.record : RecordKey{});
            StewardResult result;
            result.entities.push_back({g.golden_id, ""});
            return result;
          });
}

absl::StatusOr<StewardResult> ResolutionService::Revive(
    const ReviveRequest& request) {
  Fnv1a h;
  h.Bytes("revive");
  h.Bytes(request.golden_id);
  HashContext(h, request.context);
  return RunSteward(
      request.context, h.value(),
      [&](Batch& batch)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<StewardResult> {
            ASSIGN_OR_RETURN(
                GoldenRecord g,
                StewardTarget(request.golden_id, "", "golden_id", batch));
            if (rules_.Dead(g.golden_id) == nullptr) {
              return WithField(absl::FailedPreconditionError(absl::StrCat(
                                   "customer ", g.golden_id, " is not dead")),
                               "golden_id");
            }
            ChangeSet& cs = batch.Begin();
            rules_.Revive(g.golden_id);
            cs.steward.revive.push_back(g.golden_id);
            batch.touched_entities.insert(g.golden_id);
            AttachRevivedEvent(cs, g.golden_id);
            StewardResult result;
            result.entities.push_back({g.golden_id, g.etag});
            return result;
          });
}

std::vector<std::string> ResolutionService::ConstrainLinks(
    const RecordKey& key, const std::vector<std::string>& linked) {
  // Entities holding the record's must-linked partners come first: the
  // record stays with them whatever the scores say.
  std::vector<std::string> wanted;
  for (const RecordKey& partner : rules_.MustLinked(key)) {
    const match::IndexedRecord* p = index_.Find(partner);
    if (p != nullptr) wanted.push_back(p->golden_id);
  }
  wanted.insert(wanted.end(), linked.begin(), linked.end());
  // Greedy, best first: an entity joins only if none of its records is
  // cannot-linked from the record or from an entity already accepted, so a
  // record never bridges two customers a steward kept apart.
  absl::flat_hash_set<RecordKey> group = {key};
  std::vector<std::string> out;
  for (const std::string& id : wanted) {
    if (std::find(out.begin(), out.end(), id) != out.end()) continue;
    std::vector<RecordKey> members = MemberKeys(id);
    members.erase(std::remove(members.begin(), members.end(), key),
                  members.end());
    if (rules_.AnyCannotLink(group, members)) continue;
    group.insert(members.begin(), members.end());
    out.push_back(id);
  }
  return out;
}

const DeadMark* ResolutionService::FirstDead(
    const std::vector<std::string>& ids) const {
  for (const std::string& id : ids) {
    if (const DeadMark* d = rules_.Dead(id)) return d;
  }
  return nullptr;
}

UpsertResult ResolutionService::Quarantine(const SourceRecord& record,
                                           const DeadMark& dead, Batch& batch) {
  ChangeSet& cs = batch.Begin();
  cs.steward.quarantine.push_back({.record = record,
                                   .golden_id = dead.golden_id,
                                   .reason = dead.reason,
                                   .quarantined_at_us = clock_->NowMicros()});
  batch.touched_records.insert(record.key);
  batch.touched_entities.insert(dead.golden_id);
  UpsertResult result;
  result.golden_id = dead.golden_id;
  result.outcome = Outcome::kQuarantined;
  result.dead_reason = dead.reason;
  return result;
}

absl::Status ResolutionService::LoadStewardRules() {
  ASSIGN_OR_RETURN(StewardState state, store_->LoadStewardState());
  rules_.Load(state);
  return absl::OkStatus();
}

absl::Status ResolutionService::FreshenStewardRules() {
  const uint64_t id = StewardGuard();
  ASSIGN_OR_RETURN(std::vector<int64_t> v, store_->GetGuardVersions({id}));
  if (v[0] <= CachedVersion(id)) return absl::OkStatus();
  RETURN_IF_ERROR(LoadStewardRules());
  guard_versions_[id] = v[0];
  return absl::OkStatus();
}

absl::StatusOr<std::optional<DeadMark>> ResolutionService::DeadMarkOf(
    absl::string_view golden_id) {
  const std::string id(StripCustomerPrefix(golden_id));
  ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                   store_->ResolveRedirect(id));
  absl::ReaderMutexLock lock(&mu_);
  const DeadMark* d = rules_.Dead(redirect.value_or(id));
  if (d == nullptr) return std::nullopt;
  return *d;
}

std::vector<DeadMark> ResolutionService::ListDead() const {
  absl::ReaderMutexLock lock(&mu_);
  return rules_.ListDead();
}

absl::StatusOr<std::vector<QuarantinedRecord>>
ResolutionService::ListQuarantine(const RecordKey& after, int limit) {
  return store_->ListQuarantine(after, limit);
}

}  // namespace mdm::service

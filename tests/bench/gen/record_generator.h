// Deterministic synthetic customer records for benchmarks, demos and tests.
//
// Generates realistic mixed Chinese / Latin-script persons and Chinese
// companies, each appearing in one or more department sources the way silos
// really differ: simplified / traditional / pinyin names in either order and
// case, homophone input-method typos, phone and e-mail formatting, addresses
// written differently, legacy 15-digit resident ids, company names with and
// without legal suffixes, branches that must stay separate from their parent
// (other city, own credit code, same mail domain), relatives sharing a home
// landline and address (different persons), birth dates with day and month
// swapped (2%), namesakes in one city, twins, recycled mobile numbers
// (hard_negative_rate), and a small share of unparseable values the hub must
// keep but warn about. Resident ids and credit codes carry valid check
// characters; phones and e-mails are unique per entity (except the shared home
// landline and recycled mobiles).
//
// Output depends only on the options: the generator draws from one
// std::mt19937_64 and uses no std:: distributions (their algorithms differ
// between standard libraries), so the same seed gives the same records
// everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mdm/v1/records.pb.h"

namespace mdm::bench {

struct GenOptions {
  // Number of records to produce (all sources together).
  int64_t count = 10000;
  uint64_t seed = 42;
  // Share of records that are extra records of an entity already generated
  // (in another source, or a duplicate inside the same source). Cluster
  // sizes follow a capped geometric distribution: after each record of an
  // entity another one follows with this probability, up to
  // sources.size() + 1 records per entity. 0 gives only singletons.
  double duplicate_rate = 0.3;
  std::vector<std::string> sources = {"erp", "finance", "callcenter"};
  // Share of entities that are organizations (the rest are persons).
  double org_share = 0.1;
  // Share of person names written with a typo (a keyboard slip in Latin
  // script, a homophone in Han characters). 0 leaves only clear clusters:
  // the hub scores a misspelled name differently depending on which record
  // it already holds, so with typos the clusters may depend on input order.
  double name_typo_rate = 0.04;
  // Share of Chinese persons that are hard negatives of a recent customer
  // (different people who look alike): a namesake in the same city, a twin
  // (same family name, birth date, home and landline), or the new owner of a
  // recycled mobile number, in equal parts.
  double hard_negative_rate = 0.03;
  // Share of records with one deliberately unparseable value (birth date
  // "1985-13-40", phone "12345").
  double bad_value_rate = 0.002;
  // Shuffle the records so that an entity's records are not adjacent. Record
  // ids are assigned after shuffling, ascending per source.
  bool shuffle = true;
};

struct GeneratedRecords {
  std::vector<mdm::v1::SourceRecord> records;
  // truth[i] is the true entity (1-based) of records[i].
  std::vector<int64_t> truth;
  int64_t entity_count = 0;
};

GeneratedRecords GenerateRecords(const GenOptions& options);

}  // namespace mdm::bench

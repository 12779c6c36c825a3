#include "hub/access/pii_mask.h"

#include <functional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace mdm::access {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Byte offsets where each code point of `s` starts.
std::vector<size_t> CodePointStarts(absl::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  return starts;
}

// Keeps the first `head` and last `tail` code points, stars in between.
std::string KeepEnds(absl::string_view s, size_t head, size_t tail) {
  const std::vector<size_t> starts = CodePointStarts(s);
  const size_t n = starts.size();
  if (n <= head + tail) return std::string(n, '*');
  const size_t tail_start = tail == 0 ? s.size() : starts[n - tail];
  return absl::StrCat(s.substr(0, starts[head]),
                      std::string(n - head - tail, '*'), s.substr(tail_start));
}

using Masker = std::function<std::string(absl::string_view)>;

// The masker of a PII field name; nullptr for other fields.
const Masker* MaskerFor(absl::string_view field) {
  static const Masker kId = MaskNationalId, kPhone = MaskPhone,
                      kEmail = MaskEmail, kDate = MaskBirthDate;
  if (field == "national_id") return &kId;
  if (field == "phones" || field == "phone") return &kPhone;
  if (field == "emails" || field == "email") return &kEmail;
  if (field == "birth_date") return &kDate;
  return nullptr;
}

// A string field of `m` (repeated or not) rewritten through `mask`.
void MaskStringField(Message* m, const FieldDescriptor* f, const Masker& mask) {
  const Reflection* refl = m->GetReflection();
  if (f->is_repeated()) {
    for (int j = 0; j < refl->FieldSize(*m, f); ++j) {
      refl->SetRepeatedString(m, f, j, mask(refl->GetRepeatedString(*m, f, j)));
    }
  } else if (refl->HasField(*m, f)) {
    refl->SetString(m, f, mask(refl->GetString(*m, f)));
  }
}

// Inside a PII field's message value (GoldenValue): its `value` and
// `normalized` strings; lineage and counts stay.
void MaskValues(Message* m, const Masker& mask) {
  const auto* desc = m->GetDescriptor();
  for (int i = 0; i < desc->field_count(); ++i) {
    const FieldDescriptor* f = desc->field(i);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
    if (f->name() != "value" && f->name() != "normalized") continue;
    MaskStringField(m, f, mask);
  }
}

// A warning-like message ({field: "phones[1]", value: "..."}): the value is
// masked when the field it names is PII.
void MaskNamedValue(Message* m) {
  const auto* desc = m->GetDescriptor();
  const FieldDescriptor* field = desc->FindFieldByName("field");
  const FieldDescriptor* value = desc->FindFieldByName("value");
  if (field == nullptr || value == nullptr ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      value->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      value->is_repeated()) {
    return;
  }
  std::string name = m->GetReflection()->GetString(*m, field);
  name = name.substr(0, name.find_first_of("[."));
  if (const Masker* mask = MaskerFor(name)) MaskStringField(m, value, *mask);
}

}  // namespace

std::string MaskNationalId(absl::string_view id) {
  return CodePointStarts(id).size() <= 8 ? KeepEnds(id, 0, 0)
                                         : KeepEnds(id, 3, 4);
}

std::string MaskPhone(absl::string_view phone) {
  size_t digits = 0;
  for (char c : phone) digits += absl::ascii_isdigit(c) ? 1 : 0;
  const size_t head = digits >= 10 ? 3 : 0;
  const size_t tail = digits >= 10 ? 4 : 2;
  std::string out;
  size_t seen = 0;
  for (char c : phone) {
    if (!absl::ascii_isdigit(c)) {
      // Non-ASCII bytes are masked too: they are no formatting characters.
      out.push_back(static_cast<unsigned char>(c) < 0x80 ? c : '*');
      continue;
    }
    const bool keep = seen < head || seen + tail >= digits;
    out.push_back(keep ? c : '*');
    ++seen;
  }
  return out;
}

std::string MaskEmail(absl::string_view email) {
  const size_t at = email.rfind('@');
  if (at == absl::string_view::npos || at == 0) return KeepEnds(email, 0, 0);
  // '@' starts a code point, so the first one ends at or before it.
  const std::vector<size_t> starts = CodePointStarts(email);
  return absl::StrCat(email.substr(0, starts[1]), "***", email.substr(at));
}

std::string MaskBirthDate(absl::string_view date) {
  std::string out(date);
  for (size_t i = 4; i < out.size(); ++i) {
    if (absl::ascii_isdigit(out[i])) out[i] = '*';
  }
  return out.size() < 4 ? std::string(out.size(), '*') : out;
}

void MaskPii(Message* message) {
  MaskNamedValue(message);
  const Reflection* refl = message->GetReflection();
  std::vector<const FieldDescriptor*> set;
  refl->ListFields(*message, &set);
  for (const FieldDescriptor* f : set) {
    const Masker* mask = MaskerFor(f->name());
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (mask != nullptr) MaskStringField(message, f, *mask);
      continue;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    // Map entries are messages too: attributes keep their keys, and their
    // values are walked like any other message.
    const int n = f->is_repeated() ? refl->FieldSize(*message, f) : 1;
    for (int j = 0; j < n; ++j) {
      Message* child = f->is_repeated()
                           ? refl->MutableRepeatedMessage(message, f, j)
                           : refl->MutableMessage(message, f);
      if (mask != nullptr) {
        MaskValues(child, *mask);
      } else {
        MaskPii(child);
      }
    }
  }
}

}  // namespace mdm::access

// PII masking for principals without the `pii` scope: national ids, phones,
// e-mails and birth dates keep just enough to recognise a value a caller
// already knows ("110***********1234"), never enough to learn it.
//
// Pure: no gRPC, no I/O. Characters are counted as UTF-8 code points, so a
// mask never splits a multi-byte character.
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "hub/common/string_view.h"

namespace mdm::access {

// First 3 and last 4 characters kept ("110***********1234"); values of 8
// characters or fewer are masked whole.
std::string MaskNationalId(absl::string_view id);
// Non-digits (+, spaces, dashes) kept; of the digits, the first 3 and last 4
// when there are 10 or more, else only the last 2 ("138****8000").
std::string MaskPhone(absl::string_view phone);
// First character of the local part and the domain kept ("w***@example.com");
// a value without '@' is masked whole.
std::string MaskEmail(absl::string_view email);
// The year kept ("1990-**-**"); digits after it masked.
std::string MaskBirthDate(absl::string_view date);

// Masks, in place and anywhere in `message`, the fields named national_id,
// birth_date, phones and emails (strings, or GoldenValue-like messages whose
// `value` and `normalized` are masked) and the `value` of field warnings
// whose `field` names one of them.
void MaskPii(google::protobuf::Message* message);

}  // namespace mdm::access

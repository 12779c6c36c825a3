// Unicode text folding shared by all normalizers (ICU).
#pragma once

#include <string>
#include <string_view>

namespace mdm::normalize {

// True if `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// NFKC, Unicode case folding, traditional->simplified Chinese (OpenCC t2s),
// whitespace runs collapsed to one ASCII space and trimmed. Full-width forms
// become ASCII through NFKC. Thread-safe.
std::string FoldText(std::string_view s);

// True if `s` contains at least one Han ideograph.
bool ContainsHan(std::string_view s);

}  // namespace mdm::normalize

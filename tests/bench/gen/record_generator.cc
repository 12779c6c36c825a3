#include "tests/bench/gen/record_generator.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <random>
#include <string_view>
#include <utility>

namespace mdm::bench {
namespace {

using ::mdm::v1::SourceRecord;

// ---------------------------------------------------------------- randomness

// All draws go through here; no std:: distributions, so output is the same
// with every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n), n > 0 (modulo bias below n / 2^64, irrelevant here).
  uint64_t Below(uint64_t n) { return engine_() % n; }
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Index in [0, n) favouring the front of a list ordered by frequency.
  size_t Skewed(size_t n) {
    const double u = Unit();
    return std::min(n - 1, static_cast<size_t>(static_cast<double>(n) * u * u));
  }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
  // Index chosen with the given integer weights.
  template <size_t N>
  size_t Weighted(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int x = static_cast<int>(Below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return N - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// Set of 64-bit fingerprints (FNV-1a of the text), open addressing. Used to
// keep generated phones and e-mails unique without storing the strings.
class FingerprintSet {
 public:
  static uint64_t Fingerprint(std::string_view text) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h == 0 ? 1 : h;
  }

  void Reserve(size_t n) {
    size_t capacity = 16;
    while (capacity < 2 * n) capacity <<= 1;
    Rehash(capacity);
  }

  // False when the text was already present.
  bool Insert(std::string_view text) {
    if (2 * (size_ + 1) > slots_.size())
      Rehash(std::max<size_t>(16, 2 * slots_.size()));
    const uint64_t h = Fingerprint(text);
    for (size_t i = Slot(h);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }

 private:
  size_t Slot(uint64_t h) const {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return static_cast<size_t>(h) & (slots_.size() - 1);
  }

  void Rehash(size_t capacity) {
    if (capacity <= slots_.size()) return;
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(capacity, 0);
    for (uint64_t h : old) {
      if (h == 0) continue;
      size_t i = Slot(h);
      while (slots_[i] != 0) i = (i + 1) & (capacity - 1);
      slots_[i] = h;
    }
  }

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// ---------------------------------------------------------------- tables

struct Region {
  const char* code;       // 6-digit administrative division code
  const char* city;       // simplified, without 市
  const char* city_trad;  // traditional
  const char* city_py;    // pinyin
  const char* province;   // simplified, without 省; == city for municipalities
  const char* province_py;
  const char* district;  // with 区
  const char* district_py;
  const char* postcode;
  const char* area_code;  // landline prefix with the leading 0
};

constexpr Region kRegions[] = {
    {"110105", "北京", "北京", "Beijing", "北京", "Beijing", "朝阳区",
     "Chaoyang", "100020", "010"},
    {"110108", "北京", "北京", "Beijing", "北京", "Beijing", "海淀区",
     "Haidian", "100080", "010"},
    {"310104", "上海", "上海", "Shanghai", "上海", "Shanghai", "徐汇区",
     "Xuhui", "200030", "021"},
    {"310115", "上海", "上海", "Shanghai", "上海", "Shanghai", "浦东新区",
     "Pudong New", "200120", "021"},
    {"440305", "深圳", "深圳", "Shenzhen", "广东", "Guangdong", "南山区",
     "Nanshan", "518052", "0755"},
    {"440106", "广州", "廣州", "Guangzhou", "广东", "Guangdong", "天河区",
     "Tianhe", "510620", "020"},
    {"330106", "杭州", "杭州", "Hangzhou", "浙江", "Zhejiang", "西湖区", "Xihu",
     "310012", "0571"},
    {"320106", "南京", "南京", "Nanjing", "江苏", "Jiangsu", "鼓楼区", "Gulou",
     "210008", "025"},
    {"510107", "成都", "成都", "Chengdu", "四川", "Sichuan", "武侯区", "Wuhou",
     "610041", "028"},
    {"420106", "武汉", "武漢", "Wuhan", "湖北", "Hubei", "武昌区", "Wuchang",
     "430060", "027"},
    {"610113", "西安", "西安", "Xi'an", "陕西", "Shaanxi", "雁塔区", "Yanta",
     "710061", "029"},
    {"120101", "天津", "天津", "Tianjin", "天津", "Tianjin", "和平区", "Heping",
     "300041", "022"},
    {"500103", "重庆", "重慶", "Chongqing", "重庆", "Chongqing", "渝中区",
     "Yuzhong", "400010", "023"},
    {"370202", "青岛", "青島", "Qingdao", "山东", "Shandong", "市南区",
     "Shinan", "266071", "0532"},
    {"350203", "厦门", "廈門", "Xiamen", "福建", "Fujian", "思明区", "Siming",
     "361004", "0592"},
    {"430104", "长沙", "長沙", "Changsha", "湖南", "Hunan", "岳麓区", "Yuelu",
     "410082", "0731"},
};

struct Road {
  const char* name;
  const char* py;
};

constexpr Road kRoads[] = {
    {"建国路", "Jianguo Road"},      {"中山路", "Zhongshan Road"},
    {"人民路", "Renmin Road"},       {"解放路", "Jiefang Road"},
    {"长江路", "Changjiang Road"},   {"和平路", "Heping Road"},
    {"文化路", "Wenhua Road"},       {"新华路", "Xinhua Road"},
    {"学院路", "Xueyuan Road"},      {"科技路", "Keji Road"},
    {"滨江大道", "Binjiang Avenue"}, {"世纪大道", "Century Avenue"},
    {"东风路", "Dongfeng Road"},     {"北京路", "Beijing Road"},
};

// One Han character of a name: simplified, traditional, pinyin, and a
// homophone an input method might produce instead (simplified, traditional;
// empty when none).
struct Han {
  const char* simp;
  const char* trad;
  const char* py;
  const char* typo;
  const char* typo_trad;
};

// Ordered roughly by frequency.
constexpr Han kSurnames[] = {
    {"王", "王", "Wang", "汪", "汪"},  {"李", "李", "Li", "黎", "黎"},
    {"张", "張", "Zhang", "章", "章"}, {"刘", "劉", "Liu", "柳", "柳"},
    {"陈", "陳", "Chen", "程", "程"},  {"杨", "楊", "Yang", "阳", "陽"},
    {"黄", "黃", "Huang", "皇", "皇"}, {"赵", "趙", "Zhao", "", ""},
    {"吴", "吳", "Wu", "伍", "伍"},    {"周", "周", "Zhou", "邹", "鄒"},
    {"徐", "徐", "Xu", "许", "許"},    {"孙", "孫", "Sun", "", ""},
    {"马", "馬", "Ma", "", ""},        {"朱", "朱", "Zhu", "", ""},
    {"胡", "胡", "Hu", "", ""},        {"郭", "郭", "Guo", "", ""},
    {"何", "何", "He", "贺", "賀"},    {"高", "高", "Gao", "", ""},
    {"林", "林", "Lin", "", ""},       {"罗", "羅", "Luo", "", ""},
    {"郑", "鄭", "Zheng", "", ""},     {"梁", "梁", "Liang", "", ""},
    {"谢", "謝", "Xie", "", ""},       {"宋", "宋", "Song", "", ""},
    {"唐", "唐", "Tang", "", ""},      {"许", "許", "Xu", "徐", "徐"},
    {"韩", "韓", "Han", "", ""},       {"冯", "馮", "Feng", "", ""},
    {"邓", "鄧", "Deng", "", ""},      {"曹", "曹", "Cao", "", ""},
    {"彭", "彭", "Peng", "", ""},      {"曾", "曾", "Zeng", "", ""},
    {"萧", "蕭", "Xiao", "肖", "肖"},  {"田", "田", "Tian", "", ""},
    {"董", "董", "Dong", "", ""},      {"潘", "潘", "Pan", "", ""},
    {"袁", "袁", "Yuan", "", ""},      {"蔡", "蔡", "Cai", "", ""},
    {"蒋", "蔣", "Jiang", "江", "江"}, {"余", "余", "Yu", "于", "於"},
};

constexpr Han kMaleGiven[] = {
    {"伟", "偉", "wei", "玮", "瑋"},  {"强", "強", "qiang", "蔷", "薔"},
    {"明", "明", "ming", "铭", "銘"}, {"军", "軍", "jun", "俊", "俊"},
    {"杰", "傑", "jie", "捷", "捷"},  {"涛", "濤", "tao", "韬", "韜"},
    {"磊", "磊", "lei", "雷", "雷"},  {"勇", "勇", "yong", "永", "永"},
    {"斌", "斌", "bin", "彬", "彬"},  {"建", "建", "jian", "健", "健"},
    {"国", "國", "guo", "果", "果"},  {"峰", "峰", "feng", "锋", "鋒"},
    {"辉", "輝", "hui", "晖", "暉"},  {"志", "志", "zhi", "智", "智"},
    {"浩", "浩", "hao", "昊", "昊"},  {"宇", "宇", "yu", "雨", "雨"},
    {"鹏", "鵬", "peng", "朋", "朋"}, {"华", "華", "hua", "桦", "樺"},
    {"东", "東", "dong", "冬", "冬"}, {"晓", "曉", "xiao", "小", "小"},
    {"文", "文", "wen", "", ""},      {"海", "海", "hai", "", ""},
    {"立", "立", "li", "力", "力"},   {"新", "新", "xin", "鑫", "鑫"},
};

constexpr Han kFemaleGiven[] = {
    {"丽", "麗", "li", "莉", "莉"},   {"娜", "娜", "na", "纳", "納"},
    {"静", "靜", "jing", "晶", "晶"}, {"敏", "敏", "min", "民", "民"},
    {"燕", "燕", "yan", "艳", "豔"},  {"婷", "婷", "ting", "亭", "亭"},
    {"芳", "芳", "fang", "方", "方"}, {"霞", "霞", "xia", "侠", "俠"},
    {"雪", "雪", "xue", "学", "學"},  {"梅", "梅", "mei", "玫", "玫"},
    {"琳", "琳", "lin", "林", "林"},  {"慧", "慧", "hui", "惠", "惠"},
    {"秀", "秀", "xiu", "绣", "繡"},  {"玲", "玲", "ling", "铃", "鈴"},
    {"红", "紅", "hong", "虹", "虹"}, {"洁", "潔", "jie", "杰", "傑"},
    {"晓", "曉", "xiao", "小", "小"}, {"欣", "欣", "xin", "新", "新"},
    {"佳", "佳", "jia", "嘉", "嘉"},  {"雨", "雨", "yu", "宇", "宇"},
    {"华", "華", "hua", "花", "花"},  {"萍", "萍", "ping", "平", "平"},
};

struct LatinName {
  const char* name;
  const char* ascii;  // lower-case ASCII form for e-mail addresses
};

constexpr LatinName kLatinMale[] = {
    {"James", "james"},     {"Robert", "robert"},     {"John", "john"},
    {"Michael", "michael"}, {"David", "david"},       {"William", "william"},
    {"Thomas", "thomas"},   {"Daniel", "daniel"},     {"Paul", "paul"},
    {"Peter", "peter"},     {"Andrew", "andrew"},     {"Kevin", "kevin"},
    {"José", "jose"},       {"François", "francois"}, {"Lukas", "lukas"},
};

constexpr LatinName kLatinFemale[] = {
    {"Mary", "mary"},           {"Jennifer", "jennifer"}, {"Linda", "linda"},
    {"Elizabeth", "elizabeth"}, {"Sarah", "sarah"},       {"Emma", "emma"},
    {"Anna", "anna"},           {"Laura", "laura"},       {"Julia", "julia"},
    {"María", "maria"},         {"Sophie", "sophie"},     {"Claire", "claire"},
    {"Helen", "helen"},         {"Zoë", "zoe"},           {"Chloé", "chloe"},
};

constexpr LatinName kLatinSurnames[] = {
    {"Smith", "smith"},     {"Johnson", "johnson"}, {"Williams", "williams"},
    {"Brown", "brown"},     {"Jones", "jones"},     {"Miller", "miller"},
    {"Davis", "davis"},     {"Wilson", "wilson"},   {"Anderson", "anderson"},
    {"Taylor", "taylor"},   {"Martin", "martin"},   {"Müller", "mueller"},
    {"Schmidt", "schmidt"}, {"García", "garcia"},   {"Martínez", "martinez"},
    {"Rossi", "rossi"},     {"Dubois", "dubois"},   {"Kim", "kim"},
    {"Park", "park"},       {"Tanaka", "tanaka"},   {"Nguyen", "nguyen"},
    {"O'Brien", "obrien"},  {"Novák", "novak"},     {"Silva", "silva"},
};

struct OrgWord {
  const char* simp;
  const char* trad;
  const char* en;
};

constexpr OrgWord kBrands[] = {
    {"星河", "星河", "Xinghe"},   {"蓝鲸", "藍鯨", "Lanjing"},
    {"青禾", "青禾", "Qinghe"},   {"锦程", "錦程", "Jincheng"},
    {"远景", "遠景", "Yuanjing"}, {"启明", "啟明", "Qiming"},
    {"恒泰", "恆泰", "Hengtai"},  {"瑞丰", "瑞豐", "Ruifeng"},
    {"金桥", "金橋", "Jinqiao"},  {"云帆", "雲帆", "Yunfan"},
    {"博远", "博遠", "Boyuan"},   {"嘉禾", "嘉禾", "Jiahe"},
    {"海川", "海川", "Haichuan"}, {"天衡", "天衡", "Tianheng"},
    {"万象", "萬象", "Wanxiang"}, {"鼎盛", "鼎盛", "Dingsheng"},
    {"百川", "百川", "Baichuan"}, {"银杉", "銀杉", "Yinshan"},
    {"松鹤", "松鶴", "Songhe"},   {"明德", "明德", "Mingde"},
};

constexpr OrgWord kIndustries[] = {
    {"科技", "科技", "Technology"},
    {"物流", "物流", "Logistics"},
    {"贸易", "貿易", "Trading"},
    {"食品", "食品", "Foods"},
    {"建材", "建材", "Building Materials"},
    {"医药", "醫藥", "Pharmaceutical"},
    {"电子", "電子", "Electronics"},
    {"咨询", "諮詢", "Consulting"},
    {"传媒", "傳媒", "Media"},
};

constexpr OrgWord kLegalSuffixes[] = {
    {"有限公司", "有限公司", "Co., Ltd."},
    {"有限公司", "有限公司", "Co., Ltd."},
    {"股份有限公司", "股份有限公司", "Co., Ltd."},
    {"有限责任公司", "有限責任公司", "Co., Ltd."},
};

constexpr const char* kMobilePrefixes[] = {
    "130", "131", "132", "133", "135", "136", "137", "138",
    "139", "150", "151", "152", "155", "158", "159", "177",
    "180", "186", "187", "188", "189", "199"};

constexpr const char* kEmailDomains[] = {"example.com", "example.cn",
                                         "example.net", "mail.example.org",
                                         "example.com.cn"};

constexpr const char* kOccupations[] = {
    "工程师", "教师", "医生",   "会计",   "律师", "销售", "设计师",  "公务员",
    "学生",   "退休", "企业主", "程序员", "护士", "司机", "自由职业"};
constexpr const char* kIncomeBands[] = {"5万以下", "5-10万",   "10-20万",
                                        "20-50万", "50-100万", "100万以上"};
constexpr const char* kTiers[] = {"standard", "silver", "gold", "platinum"};
constexpr const char* kCreditRatings[] = {"AA", "A", "AAA", "BBB", "BB", "B"};
constexpr const char* kChannels[] = {"phone", "wechat", "email", "chat"};

// ---------------------------------------------------------------- ids

// ISO 7064 MOD 11-2 check character of an 18-character resident id.
char ResidentIdCheck(std::string_view body17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

// GB 11714 check digit of an 8-digit organization code.
char OrgCodeCheck(std::string_view digits8) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (digits8[i] - '0') * kWeights[i];
  const int c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

// GB 32100 check character of a unified social credit code.
char CreditCodeCheck(std::string_view body17) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += static_cast<int>(kAlphabet.find(body17[i])) * kWeights[i];
  }
  return kAlphabet[(31 - sum % 31) % 31];
}

// ---------------------------------------------------------------- helpers

void AppendInt(std::string& out, int64_t v, int width = 0) {
  char buf[24];
  int n = 0;
  uint64_t u = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) out.push_back('-');
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(buf[--n]);
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  s.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

// Upper case for ASCII and the Latin-1 letters à..þ (UTF-8 C3 A0..C3 BE,
// except ÷), which is all the accented names here need.
std::string Upper(std::string s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 'a' && c <= 'z') {
      s[i] = static_cast<char>(c - 'a' + 'A');
    } else if (c == 0xC3 && i + 1 < s.size()) {
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0xA0 && d <= 0xBE && d != 0xB7) {
        s[i + 1] = static_cast<char>(d - 0x20);
      }
      ++i;
    }
  }
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  }
  return s;
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A keyboard slip in a Latin-script string: swap, drop or double a letter
// away from the first one. Leaves non-ASCII text alone.
std::string LatinTypo(Rng& rng, std::string s) {
  if (s.size() < 4) return s;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const size_t i = 1 + rng.Below(s.size() - 2);
    if (!IsAsciiLetter(s[i]) || !IsAsciiLetter(s[i + 1])) continue;
    switch (rng.Below(3)) {
      case 0:
        std::swap(s[i], s[i + 1]);
        break;
      case 1:
        s.erase(i, 1);
        break;
      default:
        s.insert(i, 1, s[i]);
        break;
    }
    return s;
  }
  return s;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string IsoDate(int y, int m, int d) {
  std::string s;
  s.reserve(10);
  AppendInt(s, y, 4);
  s.push_back('-');
  AppendInt(s, m, 2);
  s.push_back('-');
  AppendInt(s, d, 2);
  return s;
}

// ---------------------------------------------------------------- entities

struct Address {
  const Region* region = nullptr;
  const Road* road = nullptr;
  int number = 0;
  int building = 0;  // persons; 0 = none
  int room = 0;      // persons: e.g. 1203; organizations: floor
};

struct Entity {
  bool org = false;
  bool branch = false;  // organization that is a branch of another one
  bool chinese = true;
  bool male = false;
  // Chinese person: characters of family and given name.
  const Han* family = nullptr;
  std::vector<const Han*> given;
  // Latin person.
  const LatinName* first = nullptr;
  const LatinName* last = nullptr;
  // Organization names.
  std::string org_full, org_full_trad, org_short, org_short_trad, org_en;
  // Dates and ids.
  int year = 0, month = 0, day = 0;
  std::string national_id;  // resident id, passport or credit code
  std::string legacy_id;    // 15-digit resident id, when the person has one
  // Contact.
  std::string mobile;                   // 11 digits
  std::string new_mobile;               // a newer mobile only some sources know
  std::string landline_area, landline;  // "021", "62345678"
  std::vector<std::string> emails;      // lower case
  Address address;
  int occupation = 0, income = 0, tier = 0, credit = 0;
};

struct Household {
  const Han* family;
  Address address;
  std::string landline_area, landline;
};

// How a department system typically holds its data.
struct Profile {
  double p_id, p_birth, p_gender, p_email, p_address, p_landline, p_new_mobile;
  // Chinese person name forms: simplified, traditional, "Wang Xiaoming",
  // "Xiaoming Wang", "XIAOMING WANG", "WANG XIAOMING".
  std::array<int, 6> han_forms;
  // Organization name forms: full, without legal suffix, traditional,
  // English, English upper case.
  std::array<int, 5> org_forms;
  // Address forms: full Chinese, short Chinese, shorter Chinese, English.
  std::array<int, 4> address_forms;
  int64_t updated_from;  // seconds since the epoch, UTC
};

constexpr int64_t kDay = 86400;
constexpr int64_t k2020 = 1577836800;  // 2020-01-01T00:00:00Z

Profile ProfileFor(std::string_view source) {
  if (source == "erp") {
    return {0.7,
            0.9,
            0.95,
            0.8,
            0.95,
            0.5,
            0.0,
            {80, 6, 5, 5, 2, 2},
            {70, 20, 3, 5, 2},
            {50, 30, 15, 5},
            k2020};
  }
  if (source == "finance") {
    return {0.95,
            0.95,
            0.8,
            0.7,
            0.9,
            0.6,
            0.2,
            {55, 25, 10, 5, 3, 2},
            {40, 35, 15, 7, 3},
            {30, 40, 20, 10},
            k2020 + 731 * kDay};
  }
  if (source == "callcenter") {
    return {0.05,
            0.3,
            0.7,
            0.5,
            0.2,
            0.3,
            0.8,
            {45, 10, 10, 15, 15, 5},
            {25, 25, 5, 30, 15},
            {20, 40, 35, 5},
            k2020 + 1096 * kDay};
  }
  return {0.5,
          0.6,
          0.8,
          0.6,
          0.6,
          0.4,
          0.3,
          {60, 10, 10, 10, 5, 5},
          {50, 25, 5, 15, 5},
          {40, 30, 20, 10},
          k2020 + 366 * kDay};
}

constexpr size_t kRecentPersons = 1000;

class Generator {
 public:
  explicit Generator(const GenOptions& options)
      : options_(options), rng_(options.seed) {
    for (const std::string& s : options_.sources) {
      profiles_.push_back(ProfileFor(s));
    }
  }

  GeneratedRecords Run();

 private:
  Entity NewPerson();
  Entity NewOrganization();
  // Turns the Chinese person `e` (name drawn, no id yet) into a hard negative
  // of a recent person: a namesake, a twin, or (returned) the earlier owner of
  // the mobile number `e` gets.
  const Entity* MakeHardNegative(Entity& e);
  std::string UniqueMobile();
  std::string UniqueLandline(const Region& region);
  std::string UniqueEmail(std::string local, bool force_number);

  SourceRecord MakeRecord(const Entity& e, size_t source_index);
  std::string PersonName(const Entity& e, const Profile& p);
  std::string OrgName(const Entity& e, const Profile& p);
  std::string FormatMobile(const std::string& m);
  std::string FormatLandline(const std::string& area, const std::string& n);
  std::string EmailVariant(const std::string& email);
  void FillAddress(const Entity& e, const Profile& p,
                   mdm::v1::PostalAddress* out);

  const GenOptions& options_;
  Rng rng_;
  std::vector<Profile> profiles_;
  int64_t entity_count_ = 0;
  // What later entities may borrow: the home of a Chinese person (for a
  // relative living there) and head offices (for branches).
  std::vector<Household> households_;
  std::vector<Entity> head_offices_;
  // Recent Chinese persons (a ring), for namesakes, twins and recycled
  // numbers; bounded so that million-record runs stay small.
  std::vector<Entity> recent_persons_;
  size_t recent_next_ = 0;  // the slot to overwrite next, once full
  FingerprintSet used_phones_;
  FingerprintSet used_emails_;
  FingerprintSet used_org_names_;
};

std::string Generator::UniqueMobile() {
  for (;;) {
    std::string m = rng_.Pick(kMobilePrefixes);
    m += Digits(rng_, 8);
    if (used_phones_.Insert(m)) return m;
  }
}

std::string Generator::UniqueLandline(const Region& region) {
  for (;;) {
    std::string n = std::to_string(rng_.Int(2, 8)) + Digits(rng_, 7);
    if (used_phones_.Insert(std::string(region.area_code) + n)) {
      return n;
    }
  }
}

std::string Generator::UniqueEmail(std::string local, bool force_number) {
  const char* domain = rng_.Pick(kEmailDomains);
  if (!force_number) {
    std::string e = local + "@" + domain;
    if (used_emails_.Insert(e)) return e;
  }
  for (;;) {
    std::string e = local;
    AppendInt(e, rng_.Int(1, 9999));
    e += "@";
    e += domain;
    if (used_emails_.Insert(e)) return e;
  }
}

Entity Generator::NewPerson() {
  Entity e;
  e.chinese = rng_.Chance(0.85);
  e.male = rng_.Chance(0.5);
  e.year = rng_.Int(1940, 2005);
  e.month = rng_.Int(1, 12);
  e.day = rng_.Int(1, DaysInMonth(e.year, e.month));
  e.address.region = &kRegions[rng_.Below(std::size(kRegions))];
  e.address.road = &kRoads[rng_.Below(std::size(kRoads))];
  e.address.number = rng_.Int(1, 999);
  e.address.building = rng_.Int(1, 30);
  e.address.room = rng_.Int(1, 28) * 100 + rng_.Int(1, 8);
  e.occupation = static_cast<int>(rng_.Below(std::size(kOccupations)));
  e.income = static_cast<int>(rng_.Skewed(std::size(kIncomeBands)));
  e.tier = static_cast<int>(rng_.Skewed(std::size(kTiers)));
  e.credit = static_cast<int>(rng_.Skewed(std::size(kCreditRatings)));

  const Entity* recycled_from = nullptr;  // whose old mobile `e` gets
  if (e.chinese) {
    e.family = &kSurnames[rng_.Skewed(std::size(kSurnames))];
    const int n_given = rng_.Chance(0.7) ? 2 : 1;
    for (int i = 0; i < n_given; ++i) {
      e.given.push_back(e.male ? &rng_.Pick(kMaleGiven)
                               : &rng_.Pick(kFemaleGiven));
    }
    // Household: a relative living with an earlier customer shares the home
    // landline, the address and the family name, and is a different person.
    if (!households_.empty() && rng_.Chance(0.03)) {
      const Household& r = households_[rng_.Below(households_.size())];
      e.family = r.family;
      e.address = r.address;
      e.landline_area = r.landline_area;
      e.landline = r.landline;
    }
    if (!recent_persons_.empty() && options_.hard_negative_rate > 0 &&
        rng_.Chance(options_.hard_negative_rate)) {
      recycled_from = MakeHardNegative(e);
    }
    std::string yy;
    AppendInt(yy, e.year % 100, 2);
    // Resident id: region, birth date, sequence (odd third digit: male).
    std::string seq = Digits(rng_, 2);
    seq.push_back(
        static_cast<char>('0' + 2 * rng_.Below(5) + (e.male ? 1 : 0)));
    std::string body = e.address.region->code;
    AppendInt(body, e.year, 4);
    AppendInt(body, e.month, 2);
    AppendInt(body, e.day, 2);
    body += seq;
    e.national_id = body + ResidentIdCheck(body);
    if (e.year < 2000 && rng_.Chance(0.1)) {
      e.legacy_id = body.substr(0, 6) + body.substr(8, 9);
    }
    std::string py_given, initials;
    for (const Han* h : e.given) {
      py_given += h->py;
      initials.push_back(h->py[0]);
    }
    const std::string py_family = Lower(e.family->py);
    std::string local;
    switch (rng_.Below(3)) {
      case 0:
        local = py_given + "." + py_family;
        break;
      case 1:
        local = py_family + py_given + yy;
        break;
      default:
        local = py_family + initials + std::to_string(e.year);
        break;
    }
    e.emails.push_back(UniqueEmail(local, false));
  } else {
    e.first = e.male ? &rng_.Pick(kLatinMale) : &rng_.Pick(kLatinFemale);
    e.last = &rng_.Pick(kLatinSurnames);
    // Passport: two letters and seven digits.
    static constexpr char kLetters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
    e.national_id.push_back(kLetters[rng_.Below(sizeof(kLetters) - 1)]);
    e.national_id.push_back(kLetters[rng_.Below(sizeof(kLetters) - 1)]);
    e.national_id += Digits(rng_, 7);
    e.emails.push_back(
        UniqueEmail(std::string(e.first->ascii) + "." + e.last->ascii, false));
  }
  if (rng_.Chance(0.2)) {
    const std::string& first = e.emails.front();
    e.emails.push_back(
        UniqueEmail(first.substr(0, first.find('@')) + ".work", true));
  }
  e.mobile = recycled_from ? recycled_from->mobile : UniqueMobile();
  if (rng_.Chance(0.25)) e.new_mobile = UniqueMobile();
  if (e.landline.empty() && rng_.Chance(0.4)) {
    e.landline_area = e.address.region->area_code;
    e.landline = UniqueLandline(*e.address.region);
  }
  return e;
}

const Entity* Generator::MakeHardNegative(Entity& e) {
  const Entity& o = recent_persons_[rng_.Below(recent_persons_.size())];
  switch (rng_.Below(3)) {
    case 0:  // a namesake in the same city: name and gender, nothing else
      e.family = o.family;
      e.given = o.given;
      e.male = o.male;
      e.address.region = o.address.region;
      return nullptr;
    case 1:  // a twin: family name, birth date and home; own given name and id
      e.family = o.family;
      e.year = o.year;
      e.month = o.month;
      e.day = o.day;
      e.address = o.address;
      e.landline_area = o.landline_area;
      e.landline = o.landline;
      return nullptr;
    default:  // the operator gave o's old mobile number to this new customer
      return &o;
  }
}

Entity Generator::NewOrganization() {
  Entity e;
  e.org = true;
  e.address.region = &kRegions[rng_.Below(std::size(kRegions))];
  e.address.road = &kRoads[rng_.Below(std::size(kRoads))];
  e.address.number = rng_.Int(1, 999);
  e.address.room = rng_.Int(1, 40);  // floor
  e.tier = static_cast<int>(rng_.Skewed(std::size(kTiers)));
  e.credit = static_cast<int>(rng_.Skewed(std::size(kCreditRatings)));

  // A branch (分公司) carries its parent's name but is its own customer with
  // its own credit code, address and phone, in another city. A parent gets
  // at most one branch per city.
  const Entity* parent = nullptr;
  std::string branch_email;
  if (!head_offices_.empty() && rng_.Chance(0.1)) {
    parent = &head_offices_[rng_.Below(head_offices_.size())];
    while (std::string_view(e.address.region->city) ==
           parent->address.region->city) {
      e.address.region = &kRegions[rng_.Below(std::size(kRegions))];
    }
    // Same mail domain as the parent: a shared domain is no evidence.
    const std::string& pe = parent->emails.front();
    for (char c : Lower(e.address.region->city_py)) {
      if (IsAsciiLetter(c)) branch_email.push_back(c);
    }
    branch_email += pe.substr(pe.find('@'));
    if (!used_emails_.Insert(branch_email)) parent = nullptr;
  }
  const Region& r = *e.address.region;
  e.branch = parent != nullptr;
  if (e.branch) {
    e.org_full = parent->org_full + r.city + "分公司";
    e.org_full_trad = parent->org_full_trad + r.city_trad + "分公司";
    e.org_short = parent->org_short + r.city + "分公司";
    e.org_short_trad = parent->org_short_trad + r.city_trad + "分公司";
    e.org_en = parent->org_en + " " + r.city_py + " Branch";
    e.emails.push_back(branch_email);
  } else {
    // Company names are unique (registration refuses a taken name): draw
    // until the short name is new, with a third word when the two-word names
    // run out.
    std::string core, core_trad, core_en;
    const OrgWord* industry = nullptr;
    for (int attempt = 0;; ++attempt) {
      const int words = attempt < 20 ? 1 + static_cast<int>(rng_.Below(2)) : 3;
      core.clear();
      core_trad.clear();
      core_en.clear();
      for (int w = 0; w < words; ++w) {
        const OrgWord& brand = kBrands[rng_.Below(std::size(kBrands))];
        core += brand.simp;
        core_trad += brand.trad;
        core_en += w == 0 ? std::string(brand.en) : Lower(brand.en);
      }
      industry = &kIndustries[rng_.Below(std::size(kIndustries))];
      e.org_short = std::string(r.city) + core + industry->simp;
      if (used_org_names_.Insert(e.org_short) || attempt >= 40) break;
    }
    const OrgWord& suffix =
        kLegalSuffixes[rng_.Below(std::size(kLegalSuffixes))];
    e.org_short_trad = std::string(r.city_trad) + core_trad + industry->trad;
    e.org_full = e.org_short + suffix.simp;
    e.org_full_trad = e.org_short_trad + suffix.trad;
    e.org_en = std::string(r.city_py) + " " + core_en + " " + industry->en +
               " " + suffix.en;
    std::string domain;
    do {
      domain = Lower(core_en);
      AppendInt(domain, rng_.Int(1, 9999));
      domain += ".example.com";
    } while (!used_emails_.Insert("info@" + domain));
    e.emails.push_back("info@" + domain);
    if (rng_.Chance(0.5)) {
      e.emails.push_back("finance@" + domain);
      used_emails_.Insert(e.emails.back());
    }
  }
  // Unified social credit code: 9 (industry and commerce), 1 (enterprise),
  // region, organization code with its GB 11714 check digit, check char.
  std::string org8 = Digits(rng_, 8);
  std::string body = std::string("91") + r.code + org8 + OrgCodeCheck(org8);
  e.national_id = body + CreditCodeCheck(body);
  e.landline_area = r.area_code;
  e.landline = UniqueLandline(r);
  if (rng_.Chance(0.3)) e.mobile = UniqueMobile();
  return e;
}

std::string Generator::PersonName(const Entity& e, const Profile& p) {
  const bool typo = rng_.Chance(options_.name_typo_rate);
  if (!e.chinese) {
    std::string first = e.first->name, last = e.last->name;
    std::string name;
    switch (rng_.Weighted(std::array<int, 4>{70, 15, 10, 5})) {
      case 0:
        name = first + " " + last;
        break;
      case 1:
        name = Upper(first + " " + last);
        break;
      case 2:
        name = last + ", " + first;
        break;
      default:
        name = Upper(last) + " " + first;
        break;
    }
    return typo ? LatinTypo(rng_, name) : name;
  }
  const size_t form = rng_.Weighted(p.han_forms);
  if (form <= 1) {
    // Han characters; a typo swaps one character for a homophone.
    const bool trad = form == 1;
    std::vector<const Han*> chars;
    chars.push_back(e.family);
    chars.insert(chars.end(), e.given.begin(), e.given.end());
    size_t typo_at = chars.size();
    if (typo) typo_at = 1 + rng_.Below(chars.size() - 1);
    std::string name;
    for (size_t i = 0; i < chars.size(); ++i) {
      const Han& h = *chars[i];
      if (i == typo_at && h.typo[0] != '\0') {
        name += trad ? h.typo_trad : h.typo;
      } else {
        name += trad ? h.trad : h.simp;
      }
    }
    return name;
  }
  std::string given;
  for (const Han* h : e.given) given += h->py;
  given = Capitalized(given);
  const std::string family = e.family->py;
  std::string name;
  switch (form) {
    case 2:
      name = family + " " + given;
      break;
    case 3:
      name = given + " " + family;
      break;
    case 4:
      name = Upper(given + " " + family);
      break;
    default:
      name = Upper(family + " " + given);
      break;
  }
  return typo ? LatinTypo(rng_, name) : name;
}

std::string Generator::OrgName(const Entity& e, const Profile& p) {
  switch (rng_.Weighted(p.org_forms)) {
    case 0:
      return e.org_full;
    case 1:
      return e.org_short;
    case 2:
      return e.org_full_trad;
    case 3:
      return e.org_en;
    default:
      return Upper(e.org_en);
  }
}

std::string Generator::FormatMobile(const std::string& m) {
  const std::string a = m.substr(0, 3), b = m.substr(3, 4), c = m.substr(7);
  switch (rng_.Below(8)) {
    case 0:
    case 1:
      return m;
    case 2:
      return a + " " + b + " " + c;
    case 3:
      return "+86 " + a + " " + b + " " + c;
    case 4:
      return "0086-" + a + "-" + b + "-" + c;
    case 5:
      return "+86-" + a + "-" + b + "-" + c;
    case 6:
      return a + "-" + b + "-" + c;
    default:
      return "+86" + m;
  }
}

std::string Generator::FormatLandline(const std::string& area,
                                      const std::string& n) {
  const std::string a = n.substr(0, 4), b = n.substr(4);
  const std::string area_intl = area.substr(1);
  switch (rng_.Below(6)) {
    case 0:
      return "(" + area + ")" + a + "-" + b;
    case 1:
      return area + "-" + n;
    case 2:
      return "+86 " + area_intl + " " + a + " " + b;
    case 3:
      return area + n;
    case 4:
      return area + " " + a + " " + b;
    default:
      return "0086-" + area_intl + "-" + n;
  }
}

std::string Generator::EmailVariant(const std::string& email) {
  switch (rng_.Weighted(std::array<int, 4>{70, 15, 5, 10})) {
    case 0:
      return email;
    case 1: {
      // "Xiaoming.Wang@Example.com"
      std::string s = email;
      bool start = true;
      for (char& c : s) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        start = c == '.' || c == '@';
      }
      return s;
    }
    case 2:
      return Upper(email);
    default: {
      const size_t at = email.find('@');
      return email.substr(0, at) + Upper(email.substr(at));
    }
  }
}

void Generator::FillAddress(const Entity& e, const Profile& p,
                            mdm::v1::PostalAddress* out) {
  const Address& a = e.address;
  const Region& r = *a.region;
  const bool municipality = std::string_view(r.city) == r.province;
  std::string line;
  const size_t form = rng_.Weighted(p.address_forms);
  if (form == 3) {
    if (e.org) {
      AppendInt(line, a.number);
      line +=
          std::string(" ") + a.road->py + ", " + r.district_py + " District, ";
      AppendInt(line, a.room);
      line += "F";
    } else {
      line = "Rm ";
      AppendInt(line, a.room);
      line += ", Bldg ";
      AppendInt(line, a.building);
      line += ", ";
      AppendInt(line, a.number);
      line +=
          std::string(" ") + a.road->py + ", " + r.district_py + " District";
    }
    out->set_address_line(std::move(line));
    out->set_city(r.city_py);
    out->set_region(r.province_py);
  } else {
    if (form == 0) line = std::string(r.city) + "市";
    if (form <= 1) line += r.district;
    line += a.road->name;
    AppendInt(line, a.number);
    line += "号";
    if (e.org) {
      AppendInt(line, a.room);
      line += form == 0 ? "层" : "F";
    } else if (form == 0) {
      AppendInt(line, a.building);
      line += "号楼";
      AppendInt(line, a.room);
      line += "室";
    } else {
      AppendInt(line, a.building);
      line += form == 1 ? "-" : "栋";
      AppendInt(line, a.room);
    }
    out->set_address_line(std::move(line));
    const bool suffix = rng_.Chance(0.5);
    out->set_city(suffix ? std::string(r.city) + "市" : std::string(r.city));
    if (municipality) {
      out->set_region(rng_.Chance(0.5) ? std::string(r.province) + "市"
                                       : std::string(r.province));
    } else {
      out->set_region(rng_.Chance(0.5) ? std::string(r.province) + "省"
                                       : std::string(r.province));
    }
  }
  out->set_postal_code(r.postcode);
  const uint64_t c = rng_.Below(20);
  out->set_country(c == 0 ? "中国" : c == 1 ? "China" : "CN");
}

SourceRecord Generator::MakeRecord(const Entity& e, size_t source_index) {
  const Profile& p = profiles_[source_index];
  const std::string& source = options_.sources[source_index];
  SourceRecord rec;
  rec.set_source(source);
  rec.set_kind(e.org ? mdm::v1::ORGANIZATION : mdm::v1::PERSON);
  rec.set_name(e.org ? OrgName(e, p) : PersonName(e, p));

  // Deliberately unparseable values, kept by the hub with a warning.
  const bool bad = rng_.Chance(options_.bad_value_rate);
  const bool bad_date = bad && !e.org && rng_.Chance(0.5);
  const bool bad_phone = bad && !bad_date;

  if (rng_.Chance(e.org ? std::min(1.0, p.p_id + 0.1) : p.p_id)) {
    rec.set_national_id(
        !e.legacy_id.empty() && rng_.Chance(0.5) ? e.legacy_id : e.national_id);
  }
  if (!e.org) {
    if (bad_date) {
      rec.set_birth_date(IsoDate(e.year, rng_.Int(13, 19), rng_.Int(32, 40)));
    } else if (rng_.Chance(p.p_birth)) {
      // Occasionally day and month swapped by the clerk.
      if (e.day <= 12 && e.day != e.month && rng_.Chance(0.02)) {
        rec.set_birth_date(IsoDate(e.year, e.day, e.month));
      } else {
        rec.set_birth_date(IsoDate(e.year, e.month, e.day));
      }
    }
    if (rng_.Chance(p.p_gender)) {
      rec.set_gender(e.male ? mdm::v1::MALE : mdm::v1::FEMALE);
    }
  }

  // Phones: a newer mobile reaches the sources that talk to the customer
  // most (call center) first.
  if (!e.mobile.empty()) {
    if (!e.new_mobile.empty() && rng_.Chance(p.p_new_mobile)) {
      rec.add_phones(FormatMobile(e.new_mobile));
      if (rng_.Chance(0.3)) rec.add_phones(FormatMobile(e.mobile));
    } else {
      rec.add_phones(FormatMobile(e.mobile));
    }
  }
  if (!e.landline.empty() &&
      (e.org || rec.phones_size() == 0 || rng_.Chance(p.p_landline))) {
    rec.add_phones(FormatLandline(e.landline_area, e.landline));
  }
  if (bad_phone) {
    std::string junk;
    AppendInt(junk, rng_.Int(100, 99999));
    *rec.mutable_phones(0) = junk;
  }
  if (rng_.Chance(p.p_email)) {
    rec.add_emails(EmailVariant(e.emails[0]));
    if (e.emails.size() > 1 && rng_.Chance(0.5)) {
      rec.add_emails(EmailVariant(e.emails[1]));
    }
  }
  if (rng_.Chance(e.org ? std::min(1.0, p.p_address + 0.3) : p.p_address)) {
    FillAddress(e, p, rec.mutable_address());
  }
  rec.mutable_updated_at()->set_seconds(
      p.updated_from + static_cast<int64_t>(rng_.Below(730 * kDay)));

  auto& attrs = *rec.mutable_attributes();
  if (source == "erp") {
    attrs["customer_tier"] = kTiers[e.tier];
    if (!e.org) attrs["occupation"] = kOccupations[e.occupation];
  } else if (source == "finance") {
    attrs["credit_rating"] = kCreditRatings[e.credit];
    if (!e.org) attrs["income_band"] = kIncomeBands[e.income];
  } else if (source == "callcenter") {
    attrs["preferred_channel"] = rng_.Pick(kChannels);
    if (!e.org && rng_.Chance(0.5)) {
      // Sometimes the caller mentions a new job.
      attrs["occupation"] = rng_.Chance(0.1) ? rng_.Pick(kOccupations)
                                             : kOccupations[e.occupation];
    }
  } else if (!e.org) {
    attrs["occupation"] = kOccupations[e.occupation];
  }
  return rec;
}

std::string RecordId(std::string_view source, int64_t n) {
  std::string id;
  if (source == "erp") {
    id = "C";
    AppendInt(id, 100000 + n);
  } else if (source == "finance") {
    id = "FIN-";
    AppendInt(id, 1000 + n);
  } else if (source == "callcenter") {
    id = "CC-";
    AppendInt(id, n, 6);
  } else {
    id = Upper(std::string(source)) + "-";
    AppendInt(id, n);
  }
  return id;
}

GeneratedRecords Generator::Run() {
  GeneratedRecords out;
  const int64_t count = std::max<int64_t>(0, options_.count);
  const size_t n_sources = options_.sources.size();
  if (count == 0 || n_sources == 0) return out;
  out.records.reserve(static_cast<size_t>(count));
  out.truth.reserve(static_cast<size_t>(count));
  used_phones_.Reserve(static_cast<size_t>(count) * 2);
  used_emails_.Reserve(static_cast<size_t>(count) * 2);
  const int max_cluster = static_cast<int>(n_sources) + 1;

  std::vector<size_t> order(n_sources);
  while (static_cast<int64_t>(out.records.size()) < count) {
    const bool org = rng_.Chance(options_.org_share);
    const Entity e = org ? NewOrganization() : NewPerson();
    if (org) {
      if (!e.branch) head_offices_.push_back(e);
    } else if (e.chinese) {
      households_.push_back(
          Household{e.family, e.address, e.landline_area, e.landline});
      if (recent_persons_.size() < kRecentPersons) {
        recent_persons_.push_back(e);
      } else {
        recent_persons_[recent_next_++ % kRecentPersons] = e;
      }
    }
    const int64_t number = ++entity_count_;

    int size = 1;
    while (size < max_cluster && rng_.Chance(options_.duplicate_rate)) ++size;
    // Distinct sources first (random order), then a duplicate inside one.
    for (size_t i = 0; i < n_sources; ++i) order[i] = i;
    for (size_t i = n_sources; i > 1; --i) {
      std::swap(order[i - 1], order[rng_.Below(i)]);
    }
    for (int k = 0;
         k < size && static_cast<int64_t>(out.records.size()) < count; ++k) {
      const size_t s = k < static_cast<int>(n_sources)
                           ? order[static_cast<size_t>(k)]
                           : rng_.Below(n_sources);
      out.records.push_back(MakeRecord(e, s));
      out.truth.push_back(number);
    }
  }
  out.entity_count = entity_count_;

  if (options_.shuffle) {
    for (size_t i = out.records.size(); i > 1; --i) {
      const size_t j = rng_.Below(i);
      out.records[i - 1].Swap(&out.records[j]);
      std::swap(out.truth[i - 1], out.truth[j]);
    }
  }
  std::vector<int64_t> next_id(n_sources, 0);
  for (SourceRecord& rec : out.records) {
    const size_t s =
        static_cast<size_t>(std::find(options_.sources.begin(),
                                      options_.sources.end(), rec.source()) -
                            options_.sources.begin());
    rec.set_source_record_id(RecordId(rec.source(), ++next_id[s]));
  }
  return out;
}

}  // namespace

GeneratedRecords GenerateRecords(const GenOptions& options) {
  return Generator(options).Run();
}

}  // namespace mdm::bench

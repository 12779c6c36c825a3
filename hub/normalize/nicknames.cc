#include "hub/normalize/nicknames.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"

namespace mdm::normalize {
namespace {

struct NameGroup {
  std::string_view canonical;
  // Space-separated diminutives and variant spellings that stand for it.
  std::string_view others;
};

// Typed for this project from common English usage. Deliberately left out:
// forms that are far more often a surname than a given name (allen, ward,
// lewis, beck), so family names do not pick up nickname keys, and pairs of
// distinct names that merely look alike (kathleen/katherine). A form listed
// under several names (al, bert, ted, terry) maps to all of them.
constexpr NameGroup kGroups[] = {
    // Men.
    {"abraham", "abe abram"},
    {"albert", "al bert bertie"},
    {"alexander", "alex alec alek sandy xander lex al"},
    {"alfred", "alf alfie al fred freddie"},
    {"alan", "al allan alun"},
    {"andrew", "andy drew andie"},
    {"anthony", "tony antony"},
    {"archibald", "archie"},
    {"arthur", "art artie"},
    {"augustus", "gus gussie"},
    {"bartholomew", "bart"},
    {"benjamin", "ben benny benji"},
    {"benedict", "ben benny"},
    {"bernard", "bernie barney"},
    {"bradley", "brad"},
    {"calvin", "cal"},
    {"cameron", "cam"},
    {"charles", "charlie chuck chas chaz charley"},
    {"christopher", "chris kit topher"},
    {"clement", "clem"},
    {"clifford", "cliff"},
    {"cornelius", "con neil"},
    {"curtis", "curt"},
    {"daniel", "dan danny"},
    {"david", "dave davey davy"},
    {"dennis", "denny"},
    {"desmond", "des dez"},
    {"dominic", "dom"},
    {"donald", "don donnie"},
    {"douglas", "doug"},
    {"edgar", "ed"},
    {"edmund", "ed ned eddie"},
    {"edward", "ed eddie eddy ned ted teddy"},
    {"edwin", "ed eddie"},
    {"ernest", "ernie"},
    {"eugene", "gene"},
    {"ezekiel", "zeke"},
    {"ferdinand", "ferdie ferdy"},
    {"francis", "frank frankie"},
    {"franklin", "frank"},
    {"frederick", "fred freddie freddy fritz frederic fredrick"},
    {"gabriel", "gabe"},
    {"george", "georgie geordie"},
    {"gerald", "gerry jerry"},
    {"gerard", "gerry"},
    {"gilbert", "gil bert"},
    {"gordon", "gordie"},
    {"gregory", "greg"},
    {"harold", "harry hal"},
    {"henry", "harry hank hal"},
    {"herbert", "herb herbie bert"},
    {"hugh", "hughie"},
    {"isaac", "ike ikey"},
    {"isidore", "izzy"},
    {"jacob", "jake jakey"},
    {"james", "jim jimmy jimmie jamie jem"},
    {"jeffrey", "jeff geoff geoffrey jeffery"},
    {"jeremy", "jerry jez"},
    {"jerome", "jerry"},
    {"john", "jack jackie johnny johnnie jon"},
    {"jonathan", "jon jonny jonty"},
    {"joseph", "joe joey jos"},
    {"joshua", "josh"},
    {"julian", "jules"},
    {"kenneth", "ken kenny"},
    {"kevin", "kev"},
    {"lancelot", "lance"},
    {"lawrence", "larry laurie lawrie laurence"},
    {"leonard", "len lenny leo"},
    {"leopold", "leo"},
    {"malcolm", "mal"},
    {"mark", "marc"},
    {"martin", "marty"},
    {"matthew", "matt matty mat"},
    {"maurice", "mo morrie"},
    {"maximilian", "max"},
    {"maxwell", "max"},
    {"michael", "mike mikey mick micky mickey"},
    {"mitchell", "mitch"},
    {"montgomery", "monty"},
    {"mortimer", "mort morty"},
    {"nathan", "nate"},
    {"nathaniel", "nate nat"},
    {"nicholas", "nick nicky nico nic nicolas"},
    {"norman", "norm"},
    {"oliver", "ollie olly"},
    {"oswald", "oz ozzie"},
    {"patrick", "pat paddy"},
    {"percival", "percy perce"},
    {"peter", "pete"},
    {"philip", "phil phillip pip"},
    {"randall", "randy"},
    {"randolph", "randy"},
    {"raymond", "ray"},
    {"reginald", "reg reggie"},
    {"richard", "rick ricky rickie dick dickie rich richie ritchie"},
    {"robert", "bob bobby bobbie rob robbie robby bert bertie rab"},
    {"roderick", "rod roddy"},
    {"rodney", "rod"},
    {"roger", "rodge"},
    {"ronald", "ron ronnie"},
    {"russell", "russ rusty"},
    {"salvatore", "sal"},
    {"samuel", "sam sammy"},
    {"sebastian", "seb bastian"},
    {"sidney", "sid syd sydney"},
    {"solomon", "sol"},
    {"stanley", "stan"},
    {"stephen", "steve stevie steven stephan"},
    {"stuart", "stu stewart"},
    {"sylvester", "sly"},
    {"terence", "terry tel terrence"},
    {"theodore", "ted teddy theo"},
    {"thomas", "tom tommy tommie thom"},
    {"timothy", "tim timmy"},
    {"tobias", "toby"},
    {"trevor", "trev"},
    {"vernon", "vern"},
    {"victor", "vic"},
    {"vincent", "vince vinny vinnie"},
    {"walter", "walt wally"},
    {"wesley", "wes"},
    {"wilfred", "wilf fred"},
    {"william", "bill billy billie will willie willy liam wil"},
    {"zachary", "zach zack zak"},
    // Women.
    {"abigail", "abby abbie gail"},
    {"alexandra", "alex sandy lexi alexa"},
    {"alice", "allie ally"},
    {"alison", "ali allie allison"},
    {"amanda", "mandy"},
    {"angela", "angie"},
    {"ann", "annie anne"},
    {"antoinette", "toni netta"},
    {"antonia", "toni"},
    {"barbara", "barb barbie babs"},
    {"beatrice", "bea trixie"},
    {"bernadette", "bernie"},
    {"bridget", "biddy bridie"},
    {"camilla", "millie cammie"},
    {"caroline", "carrie caro"},
    {"cecilia", "cissy celia"},
    {"charlotte", "lottie lotte charlie"},
    {"christina", "chris tina chrissy"},
    {"christine", "chris tina chrissy kristine"},
    {"constance", "connie"},
    {"cynthia", "cindy"},
    {"deborah", "deb debbie debby debra"},
    {"diana", "di"},
    {"dolores", "lola dee delores"},
    {"dorothy", "dot dottie dolly"},
    {"edith", "edie"},
    {"eleanor", "ellie nell nellie nora elle"},
    {"elizabeth",
     "liz lizzie lizzy beth betty bette betsy bess bessie eliza "
     "liza elsie libby elisabeth"},
    {"ellen", "ellie nell"},
    {"emily", "emmy milly"},
    {"emma", "emmie"},
    {"esther", "essie hetty"},
    {"evelyn", "evie"},
    {"felicity", "flick fliss"},
    {"florence", "flo florrie"},
    {"frances", "fran frannie fanny"},
    {"gabrielle", "gabby gabi"},
    {"georgina", "georgie gina"},
    {"gertrude", "gertie trudy"},
    {"gillian", "gill jill gilly jillian"},
    {"gwendolyn", "gwen wendy"},
    {"harriet", "hattie"},
    {"helen", "nell nellie"},
    {"henrietta", "etta hettie"},
    {"imogen", "immy"},
    {"isabel", "bella belle izzy isobel isabelle isabella"},
    {"jacqueline", "jackie jacqui jacky"},
    {"janet", "jan"},
    {"janice", "jan"},
    {"jennifer", "jen jenny jenn jennie"},
    {"jessica", "jess jessie"},
    {"joan", "joanie"},
    {"joanna", "jo"},
    {"josephine", "jo josie"},
    {"judith", "judy jude"},
    {"julia", "jules julie"},
    {"katherine",
     "kate katie katy kathy kath kat kitty kit catherine "
     "kathryn katharine cathy cathie"},
    {"kimberly", "kim kimmy"},
    {"laura", "laurie lolly"},
    {"letitia", "lettie tish"},
    {"lillian", "lily lil"},
    {"louise", "lou lulu louisa"},
    {"lucinda", "cindy lucy"},
    {"madeline", "maddie maddy madeleine"},
    {"magdalena", "magda lena"},
    {"margaret", "peggy maggie meg marge margie madge greta margo margot"},
    {"marjorie", "marge margie jorie"},
    {"martha", "mattie"},
    {"mary", "molly polly mamie mimi"},
    {"matilda", "tilly tilda mattie mathilda"},
    {"maureen", "mo"},
    {"melanie", "mel"},
    {"melinda", "mindy mel"},
    {"melissa", "mel missy lissa"},
    {"michelle", "shelly michele"},
    {"mildred", "millie"},
    {"millicent", "millie"},
    {"minerva", "minnie"},
    {"miranda", "mandy"},
    {"natalie", "nat nattie"},
    {"natasha", "tasha"},
    {"nicole", "nikki nicky"},
    {"olivia", "liv livvy ollie"},
    {"pamela", "pam pammy"},
    {"patricia", "pat patty patti patsy trish tricia"},
    {"penelope", "penny"},
    {"philippa", "pippa pip"},
    {"priscilla", "cilla prissy"},
    {"prudence", "prue"},
    {"rebecca", "becky becca"},
    {"roberta", "bobbie robbie"},
    {"rosalind", "roz ros"},
    {"rosemary", "rosie"},
    {"samantha", "sam sammy"},
    {"sarah", "sally sadie sara"},
    {"stephanie", "steph stevie"},
    {"susan", "sue susie suzy suzie susanna susannah suzanne"},
    {"tabitha", "tabby"},
    {"theresa", "terri terry tess tessa teresa"},
    {"valerie", "val"},
    {"vanessa", "nessa"},
    {"victoria", "vicky vicki vikki tori"},
    {"virginia", "ginny ginger"},
    {"wilhelmina", "mina minnie willa"},
    {"winifred", "winnie freda"},
};

using Table =
    absl::flat_hash_map<std::string_view, std::vector<std::string_view>>;

const Table& BuildTable() {
  static const Table* table = [] {
    auto* t = new Table();
    for (const NameGroup& g : kGroups) {
      for (absl::string_view other :
           absl::StrSplit(absl::string_view(g.others.data(), g.others.size()),
                          ' ', absl::SkipEmpty())) {
        (*t)[std::string_view(other.data(), other.size())].push_back(
            g.canonical);
      }
    }
    return t;
  }();
  return *table;
}

}  // namespace

absl::Span<const std::string_view> CanonicalGivenNames(std::string_view token) {
  const Table& table = BuildTable();
  auto it = table.find(token);
  if (it == table.end()) return {};
  return it->second;
}

bool SameNameByNickname(const NormalizedName& a, const NormalizedName& b) {
  if (a.nickname_keys.empty() && b.nickname_keys.empty()) return false;
  const std::vector<std::string>& ka =
      a.nickname_keys.empty() ? a.keys : a.nickname_keys;
  const std::vector<std::string>& kb =
      b.nickname_keys.empty() ? b.keys : b.nickname_keys;
  // A handful of keys each: a binary search per key beats building a set.
  return std::any_of(ka.begin(), ka.end(), [&kb](const std::string& k) {
    return std::binary_search(kb.begin(), kb.end(), k);
  });
}

}  // namespace mdm::normalize

#!/usr/bin/env python3
"""bench/extract_corpus.py - the corpus of the extraction benchmark (issue #4,
bench/README.md, docs/BENCHMARKS.md "Extraction"): news-like text in Bengali,
Arabic, Russian and English, about equal shares of bytes, as many documents of
5 to 50 KB, and the gazetteer of every pattern bloc matches, for grep -F and
Hyperscan.

    extract_corpus.py corpus NAMES.tsv LEXDIR MB OUTDIR [SEED]
    extract_corpus.py gazetteer NAMES.tsv LEXDIR OUT [--names-only]

`corpus` writes OUTDIR/docs/NNNNNN-LANG.txt until MB megabytes (10^6 bytes)
are written, and OUTDIR/manifest.tsv: one line per document (path, bytes,
sentences, language), in the order written. The generator is a stream: the
same seed gives the same documents in the same order whatever MB is, so the
first 50 MB of a 400 MB corpus are the 50 MB corpus (bench/extract.sh takes
its smaller corpora as prefixes of the manifest).

Everything is made here from the record's names (NAMES.tsv, as
`extract_bench names` prints them: code, type, lang, name, rank; the name
the record displays is used most), the lexicons'
words (LEXDIR/*.json: triggers, months, weekdays, relative expressions,
numbers, qualifiers, figures, metonyms, demonyms, boilerplate) and sentence
templates written for this benchmark, per language in its own word order
(English and Russian SVO, Bengali SOV, Arabic VSO with attached clitics):
event sentences (an actor, a trigger, a recipient, often a date, a figure),
sentences that name actors but report no event, and filler with none; a
headline, sometimes a byline, "read more" lines, and on half the pages a tail
(comment form, related articles) that bloc must recognise as not news.
Digits are sometimes written in Bengali (০-৯) or Arabic-Indic (٠-٩) script.

Sentences are counted roughly: each sentence-end mark (. ! ? । ؟ …) followed
by white space or the end of the line, plus each non-empty line that does not
end with one (headlines, bylines, link lists).

`gazetteer` writes every pattern bloc's extractor looks for, one per line,
deduplicated: every name of the record (all languages, persons' last names),
and every pattern of every lexicon (names, triggers and their role markers,
dates, numbers, qualifiers, figures, negations, conditionals, boilerplate,
stopwords, bloc words, grammar markers; a stem's "*" dropped, and a pattern
with a stem before its last word cut after that stem, the literal every match
of it contains; patterns with a "_" word skipped). --names-only: the record's
names and the lexicons' metonyms, demonyms and organizations (the NER
gazetteer alone).
"""
import json
import os
import random
import re
import sys

LANGS = ["ben", "ara", "rus", "eng"]
REC_LANG = {"ben": "bn", "ara": "ar", "rus": "ru", "eng": "en"}
FOCUS = ["ARM", "AZE", "RUS", "KAZ", "KGZ", "TJK", "BLR", "UKR", "GEO", "USA", "CHN", "TUR",
         "IRN", "FRA", "DEU", "GBR", "IND", "PAK", "ISR", "SYR"]


# ---------------------------------------------------------------- inputs

def read_names(path):
    """[(code, type, lang, name, rank)] in the file's order, without repeats."""
    out, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            key = tuple(parts[:4])
            if key not in seen:
                seen.add(key)
                out.append(key + (int(parts[4]),))
    return out


def read_lexicons(lexdir):
    lex = {}
    for lang in LANGS:
        path = os.path.join(lexdir, lang + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lex[lang] = json.load(f)
    return lex


# ---------------------------------------------------------------- gazetteer

def literal(pattern):
    """The literal a pattern's matches contain, or None ("_" words)."""
    words = pattern.split()
    if not words or "_" in words:
        return None
    for i, w in enumerate(words):
        if w.endswith("*"):
            lit = " ".join(words[:i] + [w.rstrip("*")])
            return lit or None
    return pattern


def lexicon_patterns(d, names_only):
    out = []
    for key in ("metonyms", "demonyms", "orgs"):
        for pats in d.get(key, {}).values():
            out += pats
    if names_only:
        return out
    for key in ("stopwords", "bloc_words", "conditionals", "year_words", "negations",
                "boilerplate", "boilerplate_tail"):
        out += d.get(key, [])
    for key in ("months", "weekdays", "numbers", "multipliers", "qualifiers"):
        out += list(d.get(key, {}))
    out += [r["w"] for r in d.get("relative", [])]
    for pats in d.get("figures", {}).values():
        out += pats
    g = d.get("grammar", {})
    for key, v in g.items():
        if isinstance(v, list):
            out += v
    for t in d.get("triggers", []):
        out.append(t["w"])
        out += t.get("recipient_before", []) + t.get("recipient_after", [])
    return out


def cmd_gazetteer(names_path, lexdir, out_path, names_only):
    pats = [n[3] for n in read_names(names_path)]
    for d in read_lexicons(lexdir).values():
        pats += lexicon_patterns(d, names_only)
    seen, lines = set(), []
    for p in pats:
        lit = literal(p.strip())
        if lit and lit not in seen:
            seen.add(lit)
            lines.append(lit)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("gazetteer: %d patterns" % len(lines), file=sys.stderr)


# ---------------------------------------------------------------- templates
# Slots: {A} {B} actor names (the recipient B; forms: {B_gen} {B_acc} {B_dat}
# {B_loc} where the language inflects), {P} a person, {ORG} an organization,
# {CITY} a capital or seat of power (lexicon metonyms), {DEM} a demonym,
# {T} a trigger of the lexicon, {DATE}, {MONTH}, {YEAR}, {WD} a weekday,
# {REL} a relative expression, {N} a number, {NW} a number word, {Q} a
# qualifier, {KILLED} {WOUNDED} figure words, {UNIT} a counter.

TEMPLATES = {
    "eng": {
        "event": [
            "{A} accused {B} of shelling border villages on {DATE}, the foreign ministry said.",
            "{A} {T} {B} {REL}, officials in {CITY} said.",
            "Forces of {A} {T} positions held by {B} near the border on {WD}.",
            "The {DEM} defence ministry said {Q} {N} {UNIT} were {KILLED} and {N} {WOUNDED} when {A} troops attacked {B} outposts.",
            "{P} said {A} would formally ask {ORG} for military assistance after the attack by {B}.",
            "{A} and {B} signed an agreement on border security in {CITY} on {DATE}.",
            "{ORG} said it would send a monitoring mission to {B} {REL}.",
            "{A} threatened to leave {ORG} unless its allies condemned {B}.",
            "Troops from {A} clashed with {B} forces along the frontier in {MONTH} {YEAR}, killing {NW} soldiers.",
            "{A} has deployed additional troops to its border with {B}, according to satellite images published {REL}.",
            "{P} met his counterpart from {B} in {CITY} on {WD} to discuss a ceasefire.",
            "{A} condemned {B} for what it called a provocation, and summoned its ambassador.",
            "{A} did not attack {B}, the spokesman insisted on {DATE}.",
            "In a statement, {A} rejected the demands of {B} and called them unacceptable.",
            "{A} agreed to supply {B} with {N} armoured vehicles under a loan signed in {YEAR}.",
            "{ORG} members agreed to hold joint exercises in {B} {REL}.",
            "{A} protested against the detention of its citizens by {B} and demanded their release.",
            "{A} {T} {B} in {MONTH} {YEAR}, the report said, citing {DEM} officials.",
        ],
        "named": [
            "{P} arrived in {CITY} on {WD} for a two-day working visit.",
            "The economy of {A} grew by {N} percent in {YEAR}, according to official statistics.",
            "{CITY} hosted an international trade fair in {MONTH}, drawing {N} exhibitors.",
            "{P} is expected to address parliament {REL} on the budget for {YEAR}.",
            "The {DEM} national team will play its next match on {DATE}.",
            "Flights between {CITY} and the coast resumed after a {NW}-week pause.",
            "{A} marks its independence day on {DATE} with a parade and concerts.",
        ],
        "filler": [
            "Markets closed slightly higher on {WD} as traders awaited new inflation data.",
            "The ministry published its annual report on {DATE}, covering roads, schools and hospitals.",
            "Temperatures are expected to reach {N} degrees later this week, forecasters said.",
            "In {YEAR}, the city hosted an international film festival that drew {N} visitors.",
            "Officials declined to comment further.",
            "Analysts say the region's economy grew by {N} percent last year.",
            "The football season resumes on {WD} with {NW} matches across the country.",
            "Local farmers reported a good harvest despite a dry summer.",
            "The new bridge, which took {NW} years to build, will open to traffic in {MONTH}.",
            "Prices of bread and vegetables rose by {N} percent over the past month.",
            "Schools reopened on {DATE} after the winter break.",
            "The museum's collection includes more than {N} paintings and sculptures.",
        ],
        "headline": [
            "{A} accuses {B} of border shelling",
            "{ORG} to send mission to {B}",
            "{P} visits {CITY} amid tensions",
            "{A} and {B} sign security pact",
            "Clashes on {A}-{B} border leave {N} dead",
            "Markets steady as {CITY} awaits budget",
        ],
        "byline": ["By {JOURNALIST}, {CITY}", "{JOURNALIST} | {AGENCY}",
                   "Reporting by {JOURNALIST}; Editing by {JOURNALIST}"],
        "readmore": ["Read more: {HEADLINE}", "See also: {HEADLINE}"],
        "agencies": ["Global Wire", "Eastern Desk", "Morning Post", "Daily Courier"],
        "first": ["John", "Maria", "David", "Sarah", "Peter", "Anna", "James", "Laura"],
        "last": ["Fletcher", "Morgan", "Hughes", "Baxter", "Sinclair", "Whitmore", "Caldwell"],
        "ends": ". ",
    },
    "rus": {
        "event": [
            "{A} обвинила {B_acc} в обстреле приграничных сел {DATE}, сообщили в МИД.",
            "{A} {T} {B_acc} {REL}, заявили официальные лица в {CITY_loc}.",
            "Подразделения {A_gen} {T} позиции {B_gen} у границы в {WD}.",
            "Министерство обороны сообщило, что {Q} {N} {UNIT} {KILLED} и {N} {WOUNDED} в результате нападения {A_gen} на {B_acc}.",
            "{P} заявил, что {A} официально обратится к ОДКБ за военной помощью после нападения {B_gen}.",
            "{A} и {B} подписали соглашение о безопасности границы {DATE}.",
            "{ORG} направит миссию наблюдателей в {B_acc} {REL}.",
            "{A} пригрозила выйти из {ORG_gen}, если союзники не осудят {B_acc}.",
            "Военные {A_gen} и {B_gen} вступили в перестрелку на границе в {MONTH_loc} {YEAR} года, погибли {NW} военнослужащих.",
            "{A} перебросила дополнительные войска к границе с {B_ins}, следует из спутниковых снимков.",
            "{P} встретился с коллегой из {B_gen} в {CITY_loc} в {WD}, чтобы обсудить прекращение огня.",
            "{A} осудила {B_acc} за провокацию и вызвала посла.",
            "{A} не нападала на {B_acc}, настаивал представитель ведомства {DATE}.",
            "{A} отвергла требования {B_gen} и назвала их неприемлемыми.",
            "{A} согласилась поставить {B_dat} {N} бронемашин по кредиту, подписанному в {YEAR} году.",
            "Страны {ORG_gen} договорились провести совместные учения в {B_loc} {REL}.",
            "{A} выразила протест против задержания своих граждан в {B_loc}.",
            "{A} {T} {B_acc} в {MONTH_loc} {YEAR} года, говорится в докладе.",
        ],
        "named": [
            "{P} прибыл в {CITY_acc} в {WD} с двухдневным рабочим визитом.",
            "Экономика {A_gen} выросла на {N} процента в {YEAR} году, по официальным данным.",
            "{P} выступит в парламенте {REL} с докладом о бюджете на {YEAR} год.",
            "Сборная {A_gen} сыграет следующий матч {DATE}.",
            "Авиасообщение между {CITY_ins} и побережьем возобновилось после {NW} недель перерыва.",
            "{A} отмечает День независимости {DATE} парадом и концертами.",
        ],
        "filler": [
            "Торги в {WD} завершились небольшим ростом в ожидании данных об инфляции.",
            "Министерство опубликовало годовой отчет {DATE}, в нем речь идет о дорогах, школах и больницах.",
            "По прогнозу синоптиков, температура к концу недели поднимется до {N} градусов.",
            "В {YEAR} году в городе прошел международный кинофестиваль, его посетили {N} зрителей.",
            "Официальные лица от дальнейших комментариев отказались.",
            "Аналитики считают, что экономика региона в прошлом году выросла на {N} процента.",
            "Футбольный сезон возобновится в {WD}, пройдут {NW} матчей.",
            "Местные фермеры собрали хороший урожай, несмотря на засушливое лето.",
            "Новый мост, который строили {NW} лет, откроют для движения в {MONTH_loc}.",
            "Цены на хлеб и овощи за месяц выросли на {N} процента.",
            "Школы возобновили занятия {DATE} после зимних каникул.",
            "В собрании музея более {N} картин и скульптур.",
        ],
        "headline": [
            "{A} обвинила {B_acc} в обстреле границы",
            "{ORG} направит миссию в {B_acc}",
            "{P} посетил {CITY_acc} на фоне напряженности",
            "{A} и {B} подписали пакт о безопасности",
            "Столкновения на границе: погибли {N} человек",
        ],
        "byline": ["Автор: {JOURNALIST}, {CITY}", "{JOURNALIST}, {AGENCY}"],
        "readmore": ["Читайте также: {HEADLINE}", "Материалы по теме: {HEADLINE}"],
        "agencies": ["Восточный вестник", "Новая лента", "Утренние известия"],
        "first": ["Иван", "Мария", "Алексей", "Ольга", "Дмитрий", "Елена", "Сергей"],
        "last": ["Соколов", "Белова", "Ковалев", "Орлова", "Громов", "Зайцева"],
        "ends": ". ",
    },
    "ben": {
        "event": [
            "{A} {DATE} সীমান্তবর্তী গ্রামে গোলাবর্ষণের জন্য {B_acc} দায়ী করেছে বলে পররাষ্ট্র মন্ত্রণালয় জানিয়েছে।",
            "{A} {REL} {B_gen} বিরুদ্ধে {T} চালিয়েছে বলে {CITY_loc} কর্মকর্তারা জানান।",
            "{A_gen} বাহিনী {WD} সীমান্তের কাছে {B_gen} অবস্থানে {T} করেছে।",
            "প্রতিরক্ষা মন্ত্রণালয় জানিয়েছে, {A_gen} হামলায় {Q} {N} জন {UNIT} {KILLED} এবং {N} জন {WOUNDED} হয়েছেন।",
            "{P} বলেন, {B_gen} হামলার পর {A} সামরিক সহায়তার জন্য {ORG_gen} কাছে আবেদন করবে।",
            "{A} ও {B} {DATE} {CITY_loc} সীমান্ত নিরাপত্তা বিষয়ে একটি চুক্তি স্বাক্ষর করেছে।",
            "{ORG} জানিয়েছে, {REL} {B_loc} একটি পর্যবেক্ষক মিশন পাঠানো হবে।",
            "মিত্ররা {B_gen} নিন্দা না করলে {A} {ORG} থেকে বেরিয়ে যাওয়ার হুমকি দিয়েছে।",
            "{YEAR} সালের {MONTH_loc} সীমান্তে {A} ও {B_gen} সেনাদের মধ্যে সংঘর্ষে {NW} জন সৈন্য নিহত হন।",
            "উপগ্রহ চিত্র অনুযায়ী {A} {B_gen} সীমান্তে অতিরিক্ত সেনা মোতায়েন করেছে।",
            "{P} {WD} {CITY_loc} {B_gen} পররাষ্ট্রমন্ত্রীর সঙ্গে যুদ্ধবিরতি নিয়ে বৈঠক করেন।",
            "{A} উসকানির অভিযোগে {B_gen} নিন্দা জানিয়েছে এবং রাষ্ট্রদূতকে তলব করেছে।",
            "{A} {B_gen} ওপর হামলা করেনি বলে মুখপাত্র {DATE} দাবি করেন।",
            "{A} {B_gen} দাবিগুলো প্রত্যাখ্যান করেছে এবং সেগুলোকে অগ্রহণযোগ্য বলেছে।",
            "{YEAR} সালে স্বাক্ষরিত ঋণ চুক্তির আওতায় {A} {B_acc} {N}টি সাঁজোয়া যান সরবরাহে সম্মত হয়েছে।",
            "{ORG} সদস্যরা {REL} {B_loc} যৌথ মহড়া চালাতে সম্মত হয়েছে।",
            "{B_loc} নিজেদের নাগরিকদের আটকের প্রতিবাদ জানিয়েছে {A}।",
            "{A} {B_acc} {T} করেছে বলে {DEM} কর্মকর্তাদের উদ্ধৃত করে প্রতিবেদনে বলা হয়েছে।",
        ],
        "named": [
            "{P} দুই দিনের সরকারি সফরে {WD} {CITY_loc} পৌঁছেছেন।",
            "সরকারি পরিসংখ্যান অনুযায়ী {YEAR} সালে {A_gen} অর্থনীতি {N} শতাংশ বেড়েছে।",
            "{P} {REL} সংসদে বাজেট নিয়ে বক্তব্য দেবেন।",
            "{DEM} জাতীয় দল {DATE} পরবর্তী ম্যাচ খেলবে।",
            "{NW} সপ্তাহ বন্ধ থাকার পর {CITY} থেকে উপকূলে বিমান চলাচল আবার শুরু হয়েছে।",
            "{A} {DATE} কুচকাওয়াজ ও কনসার্টের মাধ্যমে স্বাধীনতা দিবস উদযাপন করে।",
        ],
        "filler": [
            "মূল্যস্ফীতির নতুন তথ্যের অপেক্ষায় {WD} বাজার সামান্য ঊর্ধ্বমুখী ছিল।",
            "মন্ত্রণালয় {DATE} সড়ক, স্কুল ও হাসপাতাল নিয়ে তার বার্ষিক প্রতিবেদন প্রকাশ করেছে।",
            "আবহাওয়া অফিস জানিয়েছে, সপ্তাহের শেষে তাপমাত্রা {N} ডিগ্রিতে পৌঁছাতে পারে।",
            "{YEAR} সালে শহরটিতে একটি আন্তর্জাতিক চলচ্চিত্র উৎসব হয়েছিল, যেখানে {N} দর্শক এসেছিলেন।",
            "কর্মকর্তারা এ বিষয়ে আর কিছু বলতে রাজি হননি।",
            "বিশ্লেষকরা বলছেন, গত বছর অঞ্চলটির অর্থনীতি {N} শতাংশ বেড়েছে।",
            "ফুটবল মৌসুম {WD} আবার শুরু হচ্ছে, সারা দেশে {NW}টি ম্যাচ হবে।",
            "শুষ্ক গ্রীষ্ম সত্ত্বেও স্থানীয় কৃষকেরা ভালো ফসল পেয়েছেন।",
            "{NW} বছর ধরে নির্মিত নতুন সেতুটি {MONTH_loc} যান চলাচলের জন্য খুলে দেওয়া হবে।",
            "গত মাসে চাল ও সবজির দাম {N} শতাংশ বেড়েছে।",
            "শীতের ছুটির পর {DATE} স্কুলগুলো আবার খুলেছে।",
            "জাদুঘরের সংগ্রহে {N}টির বেশি চিত্রকর্ম ও ভাস্কর্য রয়েছে।",
        ],
        "headline": [
            "সীমান্তে গোলাবর্ষণের জন্য {B_acc} দায়ী করল {A}",
            "{B_loc} মিশন পাঠাবে {ORG}",
            "উত্তেজনার মধ্যে {CITY} সফরে {P}",
            "নিরাপত্তা চুক্তি সই করল {A} ও {B}",
            "সীমান্ত সংঘর্ষে নিহত {N}",
        ],
        "byline": ["{JOURNALIST}, {CITY}", "নিজস্ব প্রতিবেদক, {AGENCY}"],
        "readmore": ["আরও পড়ুন: {HEADLINE}", "সম্পর্কিত খবর: {HEADLINE}"],
        "agencies": ["প্রভাত বার্তা", "দৈনিক সংবাদ", "পূর্বাঞ্চল ডেস্ক"],
        "first": ["রহিম", "ফারহানা", "সুমন", "নাসরিন", "তানভীর", "মৌসুমী"],
        "last": ["হোসেন", "চৌধুরী", "সরকার", "আহমেদ", "মজুমদার", "ইসলাম"],
        "ends": "। ",
    },
    "ara": {
        "event": [
            "اتهمت {A} {B} بقصف قرى حدودية في {DATE}، بحسب وزارة الخارجية.",
            "{T} {A} {B} {REL}، وفق ما أعلن مسؤولون في {CITY}.",
            "شنت قوات {A} هجوما على مواقع {B} قرب الحدود يوم {WD}.",
            "وقالت وزارة الدفاع إن {Q} {N} {UNIT} {KILLED} و{N} {WOUNDED} في هجوم {A} على مواقع {B}.",
            "وقال {P} إن {A} ستطلب رسميا مساعدة عسكرية من {ORG} بعد الهجوم الذي شنته {B}.",
            "ووقعت {A} و{B} اتفاقية لأمن الحدود في {CITY} في {DATE}.",
            "وأعلنت {ORG} أنها سترسل بعثة مراقبة إلى {B} {REL}.",
            "وهددت {A} بالانسحاب من {ORG} ما لم يدن الحلفاء {B}.",
            "اندلعت اشتباكات بين قوات {A} و{B} على الحدود في {MONTH} {YEAR}، ما أسفر عن مقتل {NW} جنود.",
            "ونشرت {A} قوات إضافية على حدودها مع {B}، بحسب صور أقمار صناعية نشرت {REL}.",
            "والتقى {P} نظيره من {B} في {CITY} يوم {WD} لبحث وقف إطلاق النار.",
            "وأدانت {A} ما وصفته باستفزاز من جانب {B}، واستدعت سفيرها.",
            "ولم تهاجم {A} {B}، بحسب ما أكده المتحدث في {DATE}.",
            "ورفضت {A} مطالب {B} ووصفتها بأنها غير مقبولة.",
            "ووافقت {A} على تزويد {B} بـ{N} مركبة مدرعة بموجب قرض وقع عام {YEAR}.",
            "واتفق أعضاء {ORG} على إجراء مناورات مشتركة في {B} {REL}.",
            "واحتجت {A} على احتجاز مواطنيها في {B} وطالبت بالإفراج عنهم.",
            "{T} {A} {B} في {MONTH} {YEAR}، بحسب التقرير الذي نقل عن مسؤولين {DEM}.",
            "وأكد {P} دعم بلاده ل{B} في مواجهة التهديدات.",
        ],
        "named": [
            "وصل {P} إلى {CITY} يوم {WD} في زيارة عمل تستغرق يومين.",
            "ونما اقتصاد {A} بنسبة {N} في المئة عام {YEAR}، وفق الإحصاءات الرسمية.",
            "ومن المقرر أن يلقي {P} كلمة أمام البرلمان {REL} حول موازنة عام {YEAR}.",
            "ويخوض المنتخب {DEM} مباراته المقبلة في {DATE}.",
            "واستؤنفت الرحلات الجوية بين {CITY} والساحل بعد توقف دام {NW} أسابيع.",
            "وتحتفل {A} بعيد الاستقلال في {DATE} بعرض عسكري وحفلات.",
        ],
        "filler": [
            "وأغلقت الأسواق على ارتفاع طفيف يوم {WD} وسط ترقب لبيانات التضخم.",
            "ونشرت الوزارة تقريرها السنوي في {DATE}، وتناول الطرق والمدارس والمستشفيات.",
            "ويتوقع خبراء الأرصاد أن تصل درجات الحرارة إلى {N} درجة هذا الأسبوع.",
            "وفي عام {YEAR}، استضافت المدينة مهرجانا دوليا للسينما حضره {N} زائر.",
            "ورفض المسؤولون الإدلاء بمزيد من التعليقات.",
            "ويقول محللون إن اقتصاد المنطقة نما بنسبة {N} في المئة العام الماضي.",
            "ويستأنف الدوري المحلي لكرة القدم مبارياته يوم {WD}.",
            "وحقق المزارعون المحليون محصولا جيدا رغم صيف جاف.",
            "وسيفتتح الجسر الجديد الذي استغرق بناؤه {NW} سنوات أمام حركة المرور في {MONTH}.",
            "وارتفعت أسعار الخبز والخضروات بنسبة {N} في المئة خلال الشهر الماضي.",
            "وعادت المدارس إلى العمل في {DATE} بعد عطلة الشتاء.",
            "وتضم مجموعة المتحف أكثر من {N} لوحة ومنحوتة.",
        ],
        "headline": [
            "{A} تتهم {B} بقصف الحدود",
            "{ORG} ترسل بعثة إلى {B}",
            "{P} يزور {CITY} وسط توتر",
            "{A} و{B} توقعان اتفاقا أمنيا",
            "مقتل {N} في اشتباكات حدودية",
        ],
        "byline": ["بقلم {JOURNALIST}، {CITY}", "{JOURNALIST} - {AGENCY}"],
        "readmore": ["اقرأ أيضا: {HEADLINE}", "مقالات ذات صلة: {HEADLINE}"],
        "agencies": ["وكالة الأنباء الشرقية", "صحيفة الصباح", "موقع الخبر اليومي"],
        "first": ["أحمد", "فاطمة", "محمد", "ليلى", "خالد", "سارة"],
        "last": ["العلي", "الحسن", "يوسف", "منصور", "الخطيب", "سليمان"],
        "ends": ". ",
    },
}

# the tail of a page: comment forms and related links (lexicon boilerplate_tail
# and boilerplate words start them; the lines after are more headlines)
TAIL_EXTRA = {
    "eng": ["Your email address will not be published.", "Post comment"],
    "rus": ["Ваш адрес email не будет опубликован.", "Отправить"],
    "ben": ["আপনার ইমেইল ঠিকানা প্রকাশ করা হবে না।", "মন্তব্য পোস্ট করুন"],
    "ara": ["لن يتم نشر عنوان بريدك الإلكتروني.", "إرسال التعليق"],
}

MONTHS = {  # the forms a date is written with (the lexicons hold them all)
    "eng": ["January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"],
    "rus_gen": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"],
    "rus_loc": ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                "сентябре", "октябре", "ноябре", "декабре"],
    "ben": ["জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট",
            "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"],
    "ara": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"],
}
RUS_WEEKDAYS = {"понедельник", "вторник", "среду", "четверг", "пятницу", "субботу",
                "воскресенье"}
BEN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
ARA_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
BEN_VOWEL_END = set("ািীুূৃেৈোৌঅআইঈউঊএঐওঔ")


# ---------------------------------------------------------------- inflection

def rus_form(name, case):
    """A Russian name in a case, by its ending (single words; others as they are)."""
    if case == "nom" or " " in name or "-" in name or not re.search("[а-яё]$", name):
        return name
    stem, last = name[:-1], name[-1]
    if name.endswith("ия"):
        return name[:-2] + {"gen": "ии", "acc": "ию", "dat": "ии", "loc": "ии", "ins": "ией"}[case]
    if last == "а":
        soft = stem[-1:] in set("гкхжшщч")
        return stem + {"gen": "и" if soft else "ы", "acc": "у", "dat": "е", "loc": "е",
                       "ins": "ой"}[case]
    if last in "ь":
        return stem + {"gen": "и", "acc": "ь", "dat": "и", "loc": "и", "ins": "ью"}[case]
    if last == "й":
        return stem + {"gen": "я", "acc": "й", "dat": "ю", "loc": "е", "ins": "ем"}[case]
    if last in "еиоуыэюя":
        return name
    return name + {"gen": "а", "acc": "", "dat": "у", "loc": "е", "ins": "ом"}[case]


def ben_form(name, case):
    """A Bengali name with its case ending (genitive র/এর, objective কে, locative য়/এ)."""
    if case == "nom":
        return name
    latin = re.search("[A-Za-z]$", name)
    vowel = name[-1] in BEN_VOWEL_END
    if case == "gen":
        return name + ("-এর" if latin else "র" if vowel else "ের")
    if case == "acc":
        return name + ("-কে" if latin else "কে")
    if case == "loc":
        return name + ("-এ" if latin else "য়" if vowel else "ে")
    return name


# ---------------------------------------------------------------- the generator

class Lang:
    def __init__(self, lang, lex, names, rng):
        self.lang, self.lex, self.rng = lang, lex, rng
        self.t = TEMPLATES[lang]
        rl = REC_LANG[lang]
        # actors by kind: {code: [names, the displayed one first]}
        by_type = {"state": {}, "person": {}, "org": {}}
        for code, typ, nl, name, rank in sorted(
                (n for n in names if n[2] == rl),
                key=lambda n: (n[4], n[1] == "person-last")):
            typ = "person" if typ == "person-last" else typ
            if typ in by_type:
                by_type[typ].setdefault(code, []).append(name)
        for code, pats in lex.get("orgs", {}).items():
            by_type["org"].setdefault(code, []).extend(p for p in pats if "*" not in p)
        self.states = sorted(by_type["state"].items())
        self.focus = [s for s in self.states if s[0] in FOCUS]
        self.people = sorted(by_type["person"].items())
        self.orgs = sorted(by_type["org"].items())
        self.cities = [(c, p) for c, ps in lex.get("metonyms", {}).items() for p in ps
                       if "*" not in p]
        self.demonyms = [(c, p) for c, ps in lex.get("demonyms", {}).items() for p in ps
                         if "*" not in p]
        if lang == "rus":  # the demonyms are stems there: an adjective's plural
            self.demonyms = [(c, p.rstrip("*") + "ие") for c, ps in lex.get("demonyms", {}).items()
                             for p in ps]
        self.triggers = [t["w"] for t in lex.get("triggers", []) if "_" not in t["w"].split()]
        self.rel = [r["w"] for r in lex.get("relative", []) if "*" not in r["w"]]
        self.wd = [w for w in lex.get("weekdays", {}) if "*" not in w]
        if lang == "rus":  # "в среду": the accusative forms
            self.wd = [w for w in self.wd if w in RUS_WEEKDAYS] or self.wd
        self.qual = [q for q in lex.get("qualifiers", {}) if "*" not in q]
        fig = lex.get("figures", {})
        self.killed = [k for k in fig.get("killed", [])]
        self.wounded = [k for k in fig.get("wounded", [])]
        self.units = [u for u in fig.get("units", []) if "*" not in u]
        self.numwords = [n for n, v in lex.get("numbers", {}).items() if 2 <= v <= 20]

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def named(self, actors):
        """(code, a name): the name the record displays 70% of the time, else any."""
        code, names = self.pick(actors)
        return code, names[0] if self.rng.random() < 0.7 else self.pick(names)

    def state(self):
        return self.named(self.focus if self.focus and self.rng.random() < 0.6 else self.states)

    def actor(self):
        r = self.rng.random()
        if r < 0.75:
            return self.state()
        if r < 0.85 and self.cities:
            return self.pick(self.cities)
        if r < 0.93 and self.orgs:
            return self.named(self.orgs)
        return self.named(self.people) if self.people else self.state()

    def realize(self, pattern):
        """A lexicon pattern as text: a stem gets an ending of the language."""
        ends = {"eng": ["", "ed", "s", "ing"], "rus": ["", "а", "и", "ы", "е", "ом", "ой"],
                "ben": ["", "র", "য়", "ের", "ে"], "ara": ["", "ت", "وا", "ه"]}[self.lang]
        return " ".join(w[:-1] + self.pick(ends) if w.endswith("*") else w
                        for w in pattern.split())

    def digits(self, s):
        if self.lang == "ben" and self.rng.random() < 0.6:
            return s.translate(BEN_DIGITS)
        if self.lang == "ara" and self.rng.random() < 0.3:
            return s.translate(ARA_DIGITS)
        return s

    def number(self):
        r = self.rng.random()
        n = self.rng.randint(2, 60) if r < 0.6 else self.rng.randint(61, 999) if r < 0.9 \
            else self.rng.randint(1000, 99999)
        s = "{:,}".format(n) if self.lang == "eng" and n >= 1000 else str(n)
        return self.digits(s)

    def year(self):
        return self.digits(str(self.rng.choice([self.rng.randint(1991, 2024),
                                                self.rng.randint(2018, 2024)])))

    def date(self):
        m = self.rng.randrange(12)
        d = self.digits(str(self.rng.randint(1, 28)))
        y = self.year()
        r = self.rng.random()
        if self.lang == "eng":
            return ["%s %s, %s" % (MONTHS["eng"][m], d, y), "%s %s %s" % (d, MONTHS["eng"][m], y),
                    "%s %s" % (MONTHS["eng"][m], d)][int(r * 3)]
        if self.lang == "rus":
            return ["%s %s %s года" % (d, MONTHS["rus_gen"][m], y),
                    "%s %s" % (d, MONTHS["rus_gen"][m])][int(r * 2)]
        if self.lang == "ben":
            return ["%s %s %s" % (d, MONTHS["ben"][m], y), "%s %s" % (d, MONTHS["ben"][m]),
                    "%s সালের %s %s" % (y, d, MONTHS["ben"][m])][int(r * 3)]
        return ["%s %s %s" % (d, MONTHS["ara"][m], y), "%s %s" % (d, MONTHS["ara"][m])][int(r * 2)]

    def fill(self, tpl):
        a_code, a = self.actor()
        b_code, b = self.state()
        for _ in range(3):
            if b_code != a_code:
                break
            b_code, b = self.state()
        lang = self.lang

        def slot(m):
            k = m.group(1)
            base, _, case = k.partition("_")
            if base in ("A", "B", "CITY", "ORG"):
                name = {"A": a, "B": b}.get(base)
                if base == "CITY":
                    name = self.pick(self.cities)[1] if self.cities else a
                if base == "ORG":
                    name = self.named(self.orgs)[1] if self.orgs else a
                if lang == "rus":  # the lexicon's places and organizations come inflected
                    return rus_form(name, case or "nom") if base in ("A", "B") else name
                if lang == "ben":
                    return ben_form(name, case or "nom")
                return name
            if k == "P":
                return self.named(self.people)[1] if self.people else a
            if k == "DEM":
                return self.pick(self.demonyms)[1] if self.demonyms else a
            if k == "T":
                return self.realize(self.pick(self.triggers))
            if k == "DATE":
                return self.date()
            if base == "MONTH":
                mi = self.rng.randrange(12)
                if lang == "rus":
                    return MONTHS["rus_loc"][mi]
                if lang == "ben":
                    return ben_form(MONTHS["ben"][mi], "loc") if case else MONTHS["ben"][mi]
                return MONTHS[lang][mi]
            if k == "YEAR":
                return self.year()
            if k == "WD":
                return self.pick(self.wd) if self.wd else ""
            if k == "REL":
                return self.pick(self.rel) if self.rel else ""
            if k == "N":
                return self.number()
            if k == "NW":
                return self.pick(self.numwords) if self.numwords else self.number()
            if k == "Q":
                return self.pick(self.qual) if self.qual else ""
            if k == "KILLED":
                return self.realize(self.pick(self.killed))
            if k == "WOUNDED":
                return self.realize(self.pick(self.wounded))
            if k == "UNIT":
                return self.pick(self.units) if self.units else ""
            if k == "JOURNALIST":
                return self.pick(self.t["first"]) + " " + self.pick(self.t["last"])
            if k == "AGENCY":
                return self.pick(self.t["agencies"])
            if k == "HEADLINE":
                return self.fill(self.pick(self.t["headline"]))
            return m.group(0)

        s = re.sub(r"\{([A-Z_a-z]+)\}", slot, tpl)
        return re.sub("  +", " ", s).strip()

    def sentence(self):
        r = self.rng.random()
        kind = "event" if r < 0.35 else "named" if r < 0.6 else "filler"
        return self.fill(self.pick(self.t[kind]))

    def document(self, target):
        """A page of about target bytes: lines (paragraphs)."""
        rng, t = self.rng, self.t
        lines = [self.fill(self.pick(t["headline"])), ""]
        if rng.random() < 0.4:
            lines.append(self.fill(self.pick(t["byline"])))
        size = sum(len(x.encode()) + 1 for x in lines)
        tail = rng.random() < 0.5
        while size < target:
            if rng.random() < 0.04:
                para = self.fill(self.pick(t["readmore"]))
            else:
                para = " ".join(self.sentence() for _ in range(rng.randint(1, 6)))
            lines.append(para)
            size += len(para.encode()) + 1
        if tail:
            lines.append("")
            lines.append(self.pick(self.lex.get("boilerplate_tail", ["-"])))
            for _ in range(rng.randint(2, 8)):
                lines.append(self.fill(self.pick(t["headline"])))
            lines += TAIL_EXTRA[self.lang]
        return "\n".join(lines) + "\n"


END_RE = re.compile(r"[.!?।؟…]+(?=\s|$)")
ENDS = tuple(".!?।؟…")


def count_sentences(text):
    n = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        n += len(END_RE.findall(line))
        if not line.endswith(ENDS):
            n += 1
    return n


def cmd_corpus(names_path, lexdir, mb, outdir, seed):
    names = read_names(names_path)
    lex = read_lexicons(lexdir)
    rng = random.Random(seed)
    gens = {l: Lang(l, lex[l], names, rng) for l in LANGS}
    docs = os.path.join(outdir, "docs")
    os.makedirs(docs, exist_ok=True)
    limit = int(mb * 1000000)
    total, i = 0, 0
    manifest = open(os.path.join(outdir, "manifest.tsv.tmp"), "w", encoding="utf-8")
    while total < limit:
        lang = LANGS[i % len(LANGS)]
        target = rng.randint(5000, 50000)
        text = gens[lang].document(target)
        data = text.encode("utf-8")
        path = os.path.join(docs, "%06d-%s.txt" % (i, lang))
        with open(path, "wb") as f:
            f.write(data)
        manifest.write("%s\t%d\t%d\t%s\n" % (path, len(data), count_sentences(text), lang))
        total += len(data)
        i += 1
    manifest.close()
    os.replace(os.path.join(outdir, "manifest.tsv.tmp"), os.path.join(outdir, "manifest.tsv"))
    print("corpus: %d documents, %d bytes in %s" % (i, total, docs), file=sys.stderr)


def main(argv):
    if len(argv) in (6, 7) and argv[1] == "corpus":
        return cmd_corpus(argv[2], argv[3], float(argv[4]), argv[5],
                          int(argv[6]) if len(argv) == 7 else 20240101)
    if len(argv) in (5, 6) and argv[1] == "gazetteer":
        return cmd_gazetteer(argv[2], argv[3], argv[4], len(argv) == 6 and argv[5] == "--names-only")
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The line classifier: which kind of web clutter a line is on its own, and clutter fused into a line.

Why: pasted and scraped articles mix the reporting with page furniture. Most of it can be told from the
line alone — its words, its shape and its length — without knowing what stands around it: a comment form,
a "Read more:" link, a date stamp, a byline, a photo credit, a tweet's signature. This module holds those
line-level rules (`line_kind`) and the rules that cut clutter off a line that also holds the article's
words (`split_line`: a date header, a markup tag, an agency tag, a credit or a signature). Rules that need
the neighbours or the position in the text (headline lists under a cue, section labels above the title,
a repeated headline, text in another script) are in context.py. Kinds are `records.SEGMENT_KINDS`.

Every rule is a general pattern — cue words, shapes, agency names — never keyed to a file or an outlet.
"""

from __future__ import annotations

import re

from strikebook.ingest.vocab import (
    AGENCY,
    AGO,
    ANY_DATE,
    DATE,
    DATE_LABEL,
    ISO,
    MONTH,
    TIME,
    WEEKDAY,
    WIRE,
    ZONE,
)

_I = re.I


def words(s: str) -> int:
    return len(s.split())


# --- 1. boilerplate: page furniture, navigation, widgets ----------------------------------------------------

#: Web furniture phrases; a line made only of these (alone, or joined by · • | /) is boilerplate.
_FURNITURE = (
    r"please enter (?:your |a )?(?:comment|name|e-?mail(?: address)?|valid e-?mail)(?: here)?\s*[.!]?"
    r"|you have entered an incorrect e-?mail address\s*!?"
    r"|leave a (?:reply|comment)|cancel reply|post (?:a |your )?comment|submit(?: comment)?|reply|send|cancel"
    r"|your (?:comment|name|e-?mail(?: address)?|reply)|you are replying to\s*:.{0,80}"
    r"|report(?: abuse| this comment)?|load more(?: comments)?|show (?:more|comments)|view (?:all )?comments"
    r"|join the (?:conversation|discussion)|comments are closed\.?|no comments yet\.?|be the first to comment\.?"
    r"|add (?:a )?comment|write a comment"
    r"|(?:sign up|sign in|log ?in|log out|register|subscribe)(?:\s+(?:now|here|today|for free|free))?\s*[.!]?"
    r"|share (?:full )?article|share or comment on this article"
    r"|share(?: this| the)?(?: article| story| page| post| (?:on|via) [\w ]{1,20})?\s*[:!]?"
    r"|tweet|e-?mail|print(?: this)?(?: article| page| story)?|copy (?:link|url)|link copied|permalink"
    r"|short (?:url|link)|whatsapp|facebook|twitter|x|linkedin|reddit|pinterest|telegram|flipboard|youtube"
    r"|instagram|tiktok|rss"
    r"|advertisement|advert|ad|sponsored(?: content)?|promoted(?: content)?|story continues below"
    r"(?: advertisement)?|continue reading(?: below| the (?:article|story))?|(?:article|story) continues "
    r"(?:below|after advertisement)"
    r"|scroll to continue(?: with content)?|skip to (?:main )?content|skip advertisement|back to top"
    r"|most (?:read|popular|viewed|shared)|trending(?: now)?|newsletters?|topics|tags|you may also like"
    r"|click here(?: to .{1,60})?|follow [\w .'’-]{1,40}:|follow(?: us)?(?: on .{1,40})?"
    r"|listen to (?:this|the) (?:article|story)(?: \(?\d+ min(?:ute)?s?\)?)?|save(?: article| for later)?"
    r"|gift (?:this )?article|bookmark|toggle (?:navigation|menu)|menu|search|home|more"
    r"|(?:next|previous|prev) (?:article|story|post|page)|next|previous|prev|older|newer"
    r"|in (?:english|arabic|french|persian|farsi|turkish|kurdish|russian|spanish|german|hebrew)"
    r"|donate(?: now)?|support us|make a donation|(?:play|watch) (?:video|now|live)"
    r"|read (?:the )?full (?:story|article)|continue to (?:the )?(?:article|story)|read in (?:the )?app"
    r"|(?:get )?short (?:url|link)|like this|loading(?:\.\.\.|…)?|like loading(?:\.\.\.|…)?|advertising"
    r"|text size|font size|reuse this content|explore more on these topics|see all (?:topics|stories|news)"
    r"|comment on this story|video embed|link"
    r"|enter your e-?mail(?: address)?|notify me of .{1,60}|notify of|notifications?|subscriptions?"
)
_ARROWS = r"[«»‹›<>←→]*"
#: a developing-story notice: "This is a breaking news story. Please return soon for more updates.",
#: "• This story is developing.", "This story will be updated."
_DEVELOPING = (r"^[•·*\-–—]?\s*(?:this (?:is an? )?(?:breaking|developing)(?: news)? (?:story|report)"
               r"|this (?:story|article|report) (?:is (?:developing|being updated)|(?:will|may) be updated"
               r"|has been updated))\b[^.!?\d]{0,40}[.!?]?(?:\s+(?:please )?(?:check|come|return)"
               r" back\b[^.!?]{0,60}[.!?]?|\s+please return\b[^.!?]{0,60}[.!?]?)?$")
#: one furniture item, matched atomically (a whole word at its end), so that a row of items costs linear time;
#: being atomic, an item that begins with another one must come first in _FURNITURE ("next article", "next")
_ITEM = rf"(?>(?:{_FURNITURE})(?!\w))"
_FURNITURE_LINE = re.compile(rf"^{_ARROWS}\s*{_ITEM}\s*(?:(?:[|·•/\-–]\s*)?{_ITEM}\s*)*+(?:[.!:]|…|\.\.\.)?\s*{_ARROWS}$",
                             _I)
_PLATFORM = (r"(?:YouTube|Telegram|WhatsApp|Instagram|Facebook|Twitter|X|TikTok|LinkedIn|Google\s+News"
             r"|Threads|Substack|Viber|Snapchat)")
_CALL = re.compile(r"\b(?:join (?:our|us)|follow us|subscribe|click here|tap here|download (?:our|the)|sign up"
                   r"|(?:to )?get (?:the )?latest)\b", _I)
_BOILERPLATE = [_FURNITURE_LINE] + [re.compile(p, _I) for p in (
    r"^(?:comment|name|e-?mail|website)\s*\*?\s*:?$",  # comment-form field labels alone on a line
    r"^save my name,? e-?mail,? and website in this browser",
    r"^(?:sign up|subscribe)\b.{0,150}\b(?:newsletters?|e-?mails?|inbox|alerts|updates|for free)\b[^.]*[.!]?$",
    r"^subscribe (?:to|for|now)\b[^.!?]{0,100}[.!]?$",  # "Subscribe to the Example Hub channel."
    r"^join our\b[^.!?]{0,60}\b(?:channel|newsletter|community|group|mailing list)\b[^.!?]{0,40}[.!]?$",
    rf"^follow\s+(?:us|[\w.'’&-]+(?:\s+[\w.'’&-]+){{0,3}})\s+on\s+{_PLATFORM}\b[^.!?]{{0,60}}[.!]?$",
    r"^(?:tags|filed under|topics)\s*:",
    r"^our standards\s*:",
    r"^this article is more than \w+ (?:years?|months?) old$",
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:19|20)\d{2}\b.{0,120}$",  # copyright notice, not a photo credit
    r"^.{0,120}\ball rights reserved\.?$",
    # machine-translation notices and "powered by" badges
    r"^\(?(?:this (?:article|text|page) (?:was|has been|is) )?(?:powered by|translated (?:by|with|using|from))\b"
    r".{0,60}$",
    r"^(?:automated|automatic|machine|ai)\s+translat\w*\b.{0,60}$",
    # news and story codes: "News Code 47181", "News ID: 1234"
    r"^(?:news|story|article|content|post)\s*(?:code|id|no\.?|number)\s*:?\s*[\w-]{1,20}$",
    # donation widgets and counters: a line of numbers and currency only ("2,500 $", "$50")
    r"^(?:[$€£¥₹]\s*)?\d[\d,.\s]*(?:\s*(?:[$€£¥₹]|usd|eur|gbp))?$",
    r"^(?:(?:[$€£¥₹]\s*\d[\d,.]*|\d[\d,.]*\s*[$€£¥₹]|other|custom(?: amount)?|monthly|one-?time|once|donate(?: now)?)"
    r"\s*[|/·•]?\s*){2,}$",
    r"^[-_=*~•·|]{2,}$|^[•·*]$",  # separators alone
    # "(More Iraq stories.)", "For more news, …": a link to more of the site
    r"^\(?\s*(?:for )?more\s+[^()]{1,60}\b(?:stories|news|coverage|articles|reports|updates)\b\s*[.)]*$",
    r"^follow\s+@\w{1,30}\b.{0,40}$",
    r"^(?:\s*</?[a-z][\w-]*(?:\s[^<>]*)?/?>)+$",  # markup alone
    r"^(?:&\w+;|\s)+$",  # entities alone
    r"^https?://\S+$",  # an address alone
    r"^[^\w\s\"“”‘’'«»]{1,3}$|^[^\s\"“”‘’'«»]$",  # a stray symbol or letter ("Δ", "»")
    r"^your e-?mail address will not be published\b",
    r"^by (?:signing up|subscribing|registering|clicking)\b.{0,160}\b(?:terms|privacy)\b",
    r"^this material may not be published, broadcast, rewritten,? or redistributed\.?$",
    r"^\(?this (?:story|article|report) has not been edited by\b.{0,200}$",  # syndicated-feed notice
    r"^(?:catch|get|read) (?:all )?the latest\b.{0,120}$",
    r"^download (?:the|our)\b.{0,60}\bapp\b.{0,40}$",
    r"^reading time\s*:?\s*\d+\s*(?:min(?:ute)?s?)?\.?$",
    r"^.{0,160}\bsign up here\.?$",
    r"^.{0,200}\b(?:delivered|sent|straight|direct(?:ly)?)\s+(?:\w+\s+)?to your inbox\b.{0,40}$",
    _DEVELOPING,
)]
#: "AeroTime is on YouTube", "(We are on WhatsApp. … Join our Channel …)": the site's own channels
_ON_PLATFORM = re.compile(rf"^\(?\s*(?:we(?:'re|’re| are)|[\w.'’&-]+(?:\s+[\w.'’&-]+){{0,4}}\s+(?:is|are))"
                          rf"\s+(?:now\s+)?(?:also\s+)?on\s+{_PLATFORM}\b", _I)
#: Furniture headers whose following lines (to the end of the paragraph) are furniture too: tag lists
BOILERPLATE_HEADER = re.compile(r"^(?:topics|tags|more on|most (?:read|popular|viewed|shared)|trending(?: now)?"
                                r"|you may also like|more from [\w ]{1,30}|popular(?: (?:now|stories|news))?|more"
                                r"|(?:next|previous|prev|older|newer)(?: (?:article|story|post|page))?)\s*:?\s*"
                                rf"{_ARROWS}$", _I)
_COOKIE = re.compile(r"\bcookies?\b", _I)
_COOKIE_ASK = re.compile(r"\b(?:we use|this (?:site|website) uses|accept|consent|privacy (?:policy|notice)"
                         r"|cookie (?:policy|settings|preferences)|manage (?:preferences|settings))\b", _I)

# --- 2. comments: third-party insertions (reader comments, related links, embedded posts) -------------------

_COMMENT_LABEL = (r"(?:reader(?:s|'s|s'|’s|s’)?\s+comments?|comments?|your comments?|readers?\s+respond"
                  r"|top comment|see(?: also)?|also see|read(?: more| also| next)?|also read|more on this(?: story)?"
                  r"|more|related(?: articles?| stories| coverage| content| news| reading| posts?)?|recommended"
                  r"|watch|listen|editor'?s? picks?|don'?t miss|must read"
                  r"|(?:next|previous|prev)(?: article| story| post)?)")
_COMMENT = re.compile(rf"^{_COMMENT_LABEL}\s*(?::|[-–—|»>]\s)", _I)
#: a label alone on its line opens a comment paragraph ("Reader comments", "More News", "Related Posts")
COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+comments?|(?:reader(?:s|'s|s'|’s|s’)?\s+)?comments(?:\s*\(\d+\))?"
    r"|reader(?:s|'s|s'|’s|s’)?\s+comments?|readers?\s+respond"
    r"|related(?:\s+(?:articles?|stories|coverage|content|topics|posts?|news|videos?|links?|reads?|reading))?"
    r"|see also|also see|read more|read next|read also|also read|must read|don'?t miss|in case you missed it"
    r"|read|see|watch"
    r"|more on this(?: story| topic)?|more (?:news|stories|articles|videos|coverage)|(?:latest|top) (?:news|stories)"
    r"|latest|read more here|more (?:in|from|on) [\w&' -]{1,30}"
    r"|recommended(?: (?:for you|stories|articles|reading))?|editor'?s? picks?"
    r"|you (?:may|might) also (?:like|be interested in|want to read))\s*(?::|…|\.\.\.)?\s*[»>→]*$", _I)
#: an embedded post's signature: "— Name (@handle) January 3, 2020" at the end of the line
_SIGNATURE = re.compile(rf"[—–-]\s*[^\n]{{1,80}}?\(@\w{{1,30}}\)\s*(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
                        rf"|\d{{1,2}}\s+{MONTH},?\s+\d{{4}})\s*\.?$", _I)
_EMBED = [_SIGNATURE] + [re.compile(p, _I) for p in (
    r"\bpic\.twitter\.com/\w+",
    r"\bhttps?://t\.co/\w+",
    r"\b(?:twitter|x)\.com/\w+/status/\d+",
    r"^a post shared by\b",
    r"^(?:view|watch) (?:this post )?(?:on|in) (?:instagram|twitter|x|facebook|tiktok|youtube|telegram)$",
    r"[—–]\s*[^\n]{1,80}?\(@\w{1,30}\)\s*$",  # a signature without its date
    r"^[A-Z][A-Za-z .,'’-]{1,40}\(@\w{1,30}\)\s*[-–—]",  # an account's dateline: "BAGHDAD (@AP) --"
    r"^(?:[\w.'’-]+\s+){0,4}\(?@\w{1,30}\)?$",  # the account alone: "Jane Roe (@janeroe)", "@janeroe"
)]

# --- 3. dates ---------------------------------------------------------------------------------------------

#: "date 2021-02-26 Title…" at the start of a line: the date part, split from what follows
DATE_HEADER = re.compile(rf"^(?:{DATE_LABEL}(?:\s+on)?\s*[:\-–]?\s*(?:{WEEKDAY}\s*)?{DATE}|{ISO})(?=\s|$)", _I)
#: the pieces a date stamp is made of; a line of only these (and separators), with a date or time, is a date
_DATE_PIECE = re.compile(rf"{DATE_LABEL}(?:\s+on)?|{WEEKDAY}|{ANY_DATE}|{TIME}|{ZONE}|{AGO}"
                         r"|\b(?:at|on|time|hrs|today|yesterday)\b", _I)
_DATE_OR_TIME = re.compile(rf"{ANY_DATE}|{TIME}", _I)
_DATE_ONLY_SEPARATORS = re.compile(r"[\s|•·,:;/\-–—()\[\].]*")
#: a date label alone on its line ("Published", "Updated:"), the date itself on the next
_DATE_LABEL_LINE = re.compile(rf"^{DATE_LABEL}(?:\s+on)?\s*:?$", _I)
MAX_DATE_CHARS = 120

# --- 4. bylines -------------------------------------------------------------------------------------------

_BYLINE_LEAD = re.compile(r"^(?:by|words by|written by|story by|posted by|reporting by|additional reporting by"
                          r"|edited by|editing by|compiled by)\s+(?P<names>.+)$", _I)
_BYLINE = [re.compile(p, _I) for p in (
    r"^(?:by |from )?our (?:\w+\s+){0,3}(?:staff|correspondents?|reporters?|team|desk|bureau|editors?)$",
    r"^(?:\w+\s+){0,2}(?:staff|reporters|correspondents?)(?:\s+(?:writers?|reporters?))?"
    r"(?:\s+(?:and|&)\s+agencies)?$",
    r"^(?:staff|agencies|wires|news desk|web desk|staff writer)(?:\s+(?:and|&)\s+agencies)?$",
    r"^[·•|\-–—\s]*\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b.{0,40}$",
    rf"^(?:{DATE_LABEL}\s*:?\s*)?{AGO}\.?$",
    rf"^{WIRE}(?:\s*(?:and|&|/|,)\s*{WIRE})*$",
    rf"^(?:with|via)\s+{WIRE}(?:\s*(?:and|&|,)\s*{WIRE})*\.?$",
    r"^sources?\s*:\s*[^.!?:]{1,80}\.?$",  # "Source: Al Jazeera and news agencies"
    rf"^[\w.'’& -]{{1,40}}\s+with\s+{WIRE}(?:\s*(?:and|&|,)\s*{WIRE})*$",  # "Example Daily with AFP"
    r"^\(?with (?:(?:agency )?inputs?|information|files|reporting|additional reporting|additional information)"
    r" (?:from|by)\b[^()]{1,60}\)?\.?$",
    r"^\d+\s*min(?:ute)?s?$",  # a reading time without "read"
    r"^by$",  # "By" alone, the name on the next line
    # a reporter's role alone: "Senior Correspondent", "Staff Writer at Example News"
    r"^(?:(?:senior|chief|staff|political|defen[cs]e|foreign|diplomatic|military|security|national|middle east"
    r"|white house|pentagon|washington|contributing|managing|news|deputy|associate)\s+)*"
    r"(?:reporter|correspondent|editor|writer|journalist|columnist|contributor)(?:\s+(?:at|for)\s+[\w .'’&-]{1,30})?$",
    r"^(?:reporter|author|writer|editor)(?:'?s|’s)?\s*(?:code|id|no\.?)\s*:?\s*[\w-]{1,20}$",
)]
#: a character that does not end a sentence: a full stop only inside "U.S." or after an initial ("Jane R. Doe")
_NO_STOP = r"(?:[^.!?]|\.(?=\S)|(?<=\b\w)\.)"
#: a reporting credit line, read without its brackets: "Reporting by …; Editing by …", "Writing by …"
_CREDIT_LINE = re.compile(r"^(?:additional\s+)?(?:reporting|writing|editing|research|compiled|produced|written)"
                          rf"\s+by\s+(?-i:[A-Z]){_NO_STOP}*$", _I)
#: "… contributed to this report." / "… contributed reporting from Beirut."
_CONTRIBUTED = re.compile(rf"^(?-i:[A-Z]){_NO_STOP}{{2,200}}\b(?:also\s+)?contributed(?:\s+(?:to\s+)?(?:this|the)\s+"
                          rf"(?:report|story|article|dispatch)|\s+(?:additional\s+)?reporting\b{_NO_STOP}{{0,80}})\.?$",
                          _I)
#: two to four capitalised words: a name ("Jane Roe", "Stars And Stripes")
_NAME_SHAPE = re.compile(r"(?-i:[A-Z][\w'’.-]+)(?:\s+(?-i:[A-Z][\w'’.-]+|and|of|the)){1,3}")
_WIRE_FIRST = re.compile(rf"^{WIRE}\s*[|,·•:\-–—]?\s*(?=\S)", _I)
#: a date opening a line, then what follows it: "February 08, 2024 by …"
_DATE_FIRST = re.compile(rf"^(?:{ANY_DATE})\s*[|,·•\-–—]?\s*", _I)
#: "by" glued to the name by a page's layout ("byJane Roe"), and a separator closing the line ("Jane Roe |")
_GLUED_BY = re.compile(r"^by(?=(?-i:[A-Z][a-z]))")
_SEPARATOR_END = re.compile(r"\s*[|·•]\s*$")
MAX_CREDIT_WORDS = 60
MAX_LABEL_WORDS = 4
_NAME_GLUE = {"and", "&", "in", "de", "da", "del", "der", "van", "von", "al", "el", "bin", "ibn", "|", "-", "–",
              "—", "·", "•", "for", "the", "with", "at", "on"}

# --- 5. captions ------------------------------------------------------------------------------------------

_CREDIT_START = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*:|photo(?:graph)?s?\s*(?::|credit\b)|pictures?\s*:|images?\s*(?::|source\b"
    r"|credit\b)|image caption\b|media caption\b|caption\s*:|credits?\s*:|file photo\s*:|illustration\s*:"
    r"|main image\s*:|top image\s*:|photo(?:graph)?s?\s+by\s+[A-Z][^.]{0,60}$|item \d+ of \d+\b|\[\d+/\d+\]"
    r"|(?:representational|representative)\s+(?:image|photo|picture)\b|embed from getty images\b)", _I)
_CREDIT_END = re.compile(
    rf"(?:\s[-–—|/]\s*(?:{AGENCY})(?:\s+(?:Photo|Images|Pictures|Pool|Handout|Wire))?"
    rf"(?:\s*/\s*[^/\n]{{1,60}}?)?|\b(?:Photograph|Photo|Picture|Image|Credit)s?\s*:\s*[^.:]{{1,80}}?"
    rf"|\((?:{AGENCY})?\s*(?:Photo|Image)s?(?:\s*[:/]\s*[^()]{{1,80}})?\)|\bvia\s+Getty(?:\s+Images)?"
    rf"|[.!?]\s+(?=(?-i:[A-Z]{{2,}}))(?:{AGENCY})\s*/\s*(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){{0,3}}"
    rf"(?:\s*/\s*File(?: Photo)?)?"  # "… Iraq. REUTERS/Jane Doe"
    rf"|[.!?]\s+[^.]{{0,40}}\b(?:photo(?:graph)?|image)\s+(?:by|courtesy of)\s+[^.]{{1,60}}"  # "… US Air Force photo by …"
    rf"|\bpurchase licensing rights(?:,? opens new tab)?|\((?:representational|representative|file)"
    rf"(?: (?:image|photo|picture))?\))\s*\.?$", _I)
_PHOTO_PAREN = re.compile(r"[(\[](?:photo|image|picture|credit|file)s?(?:\s*:|\s+by\b)[^)\]]{1,120}[)\]]", _I)
#: a bracketed credit closing a caption: "(AFP via Getty Images)", "(AFP/File photo)", "(Reuters/Jane Doe)"
_PAREN_CREDIT = re.compile(r"\(([^()]{1,80})\)\s*\.?$")
_PHOTO_WORD = re.compile(r"\b(?:photos?|images?|pictures?|file|getty|handout|pool)\b|/", _I)
#: a caption label alone on its line: the caption itself is the next line
CAPTION_LABEL = re.compile(r"^(?:image caption|media caption|caption|photo(?:graph)?|picture|image)\s*[,:]?$", _I)
_CREDIT_ONLY = re.compile(
    rf"^(?:[\w.'’ -]{{1,40}}\s*/\s*)?(?:{AGENCY})(?:\s+(?:Photo|Images|Pictures|Pool|Handout))?"
    rf"(?:\s*(?:/|via|for)\s*(?:{AGENCY}|[\w.'’ -]{{1,40}}))*(?:,\s*(?:file(?: photo)?|handout|pool))?$", _I)
#: a photographer's credit in brackets closing a caption: "(Jane Roe/The Example Times)"
_PHOTOGRAPHER = re.compile(r"^(?-i:[A-Z])[\w.'’-]+(?:\s+(?-i:[A-Z])[\w.'’-]+){1,3}\s*/\s*(?:The\s+)?(?-i:[A-Z])"
                           r"[\w.&'’-]+(?:\s+(?-i:[A-Z])[\w.&'’-]+){1,4}$")  # (an outlet of two words or more)
#: a caption's own opening: "In this file photo taken on …", "This handout picture …"
_IN_THIS_PICTURE = re.compile(r"^(?:in\s+)?this\s+(?:\w+\s+){0,2}(?:photo(?:graph)?|image|picture|video grab"
                              r"|screen ?grab)\b", _I)
#: a caption's opening: "A combination of images depicts…", "A handout picture shows…", "This photo taken…"
_PICTURE_SAYS = re.compile(r"^(?:\w+\s+){0,4}(?:photo(?:graph)?s?|pictures?|images?|handout|screen ?grab|video grab"
                           r"|satellite image(?:ry|s)?)\s+(?:\w+\s+){0,2}(?:shows?|depicts?|taken|provided by"
                           r"|obtained by|made available)\b", _I)
#: a Reuters-style caption: "… at a base near Mosul, Iraq, October 18, 2016."
_PLACE = r"(?!(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)(?-i:[A-Z])[\w'’.-]+(?:\s+(?-i:[A-Z])[\w'’.-]+){0,3}"
_PLACE_DATE_END = re.compile(rf"\b{_PLACE},\s+{_PLACE},?\s+(?:{MONTH}\s+\d{{1,2}},?|\d{{1,2}}\s+{MONTH},?)\s+\d{{4}}\.?$",
                             _I)
#: where a credit runs into the next sentence: "…/Getty ImagesAirstrikes target…"
_FUSED = re.compile(rf"(?:{AGENCY}|Images|Photos?|Pictures|Force|Army|Navy|Agency|Media|Wire)"
                    r"(?=[A-Z][a-z]+[\s,])")
#: a caption's credit in capitals after its one sentence: "People gather by a destroyed car. REUTERS"
_CAPS_WIRE_END = re.compile(r"^[^\"“”]{20,400}?[a-z)][.!?]\s+\(?(?-i:REUTERS|AFP|AP|EPA|XINHUA|ANADOLU|SANA|IRNA|TASS"
                            r"|ANSA|DPA|UPI|GETTY IMAGES)\)?(?:\s*/\s*[^/\n]{1,60})?$")
#: a wire credit after a caption's last sentence, read off before its place and date: "…, Iraq January 4, 2024. (Reuters)"
_WIRE_AFTER = re.compile(rf"(?<=[.!?])\s*\(?{WIRE}\)?\s*$", _I)
MAX_CAPTION_WORDS = 80
MAX_CAPS_CREDIT_WORDS = 45
MAX_DATED_CAPTION_WORDS = 60

# --- what is cut off a line that also holds the article's words ------------------------------------------------

#: markup pasted with the text: "<p style=…>" opening a line, "</p>" closing it
_LEADING_MARKUP = re.compile(r"^(?:\s*</?[a-z][\w-]*(?:\s[^<>]*)?/?>)+\s*", _I)
_TRAILING_MARKUP = re.compile(r"\s*(?:</?[a-z][\w-]*(?:\s[^<>]*)?/?>\s*)+$", _I)
#: markup left in the rest of the line: then the tags belong together and none is cut off
_MARKUP = re.compile(r"</?[a-z][\w-]*(?:\s[^<>]*)?/?>", _I)
#: an agency's tag glued to the first sentence: "Example News/ In response to…"
_AGENCY_TAG = re.compile(r"^/?(?-i:[A-Z])[\w'’.&-]*(?:\s+(?-i:[A-Z])[\w'’.&-]*){0,3}\s?/\s+(?=(?-i:[A-Z\"“']))")
#: an agency's name after the last sentence: "… how it was delivered. AFP", "… it said. (Reuters)"
_TRAILING_WIRE = re.compile(rf"(?<=[.!?\"”’)])\s+[^\w\s\-–—|(]?\(?{WIRE}\)?\s*$", _I)
#: a developing-story notice after the last sentence: "… called an emergency meeting. • This story is developing."
_TRAILING_NOTICE = re.compile(r"(?<=[.!?\"”’)])\s+" + _DEVELOPING[1:], _I)
MIN_REST_WORDS = 3
#: an agency's tag is cut off only the first sentence of a paragraph, not a breadcrumb ("Home / World / …")
MIN_TAGGED_WORDS = 8


# --- the rules ----------------------------------------------------------------------------------------------------

def is_boilerplate(s: str) -> bool:
    if words(s) > 60:
        return False
    if any(p.search(s) for p in _BOILERPLATE):
        return True
    if _ON_PLATFORM.search(s) and (words(s) <= 8 or (words(s) <= 40 and _CALL.search(s))):
        return True
    return bool(_COOKIE.search(s) and _COOKIE_ASK.search(s))


def is_comment(s: str) -> bool:
    return bool(_COMMENT.match(s) or COMMENT_HEADER.match(s))


def is_embed(s: str) -> bool:
    """A line of an embedded social-media post: its signature, its picture link, its account's dateline."""
    return any(p.search(s) for p in _EMBED)


def is_date_line(s: str) -> bool:
    """A line that is only a date stamp: a date or a time with labels, weekday, zone ("Published: 3 Feb 2024
    10:05 GMT | Updated: 4 Feb 2024", "Sunday, 11/12/2023", "10:05 GMT"), or a date label alone ("Published")."""
    if len(s) > MAX_DATE_CHARS:
        return False
    if _DATE_LABEL_LINE.match(s):
        return True
    if not _DATE_OR_TIME.search(s):
        return False
    return bool(_DATE_ONLY_SEPARATORS.fullmatch(_DATE_PIECE.sub(" ", s)))


def is_credit_line(s: str) -> bool:
    """A reporting credit, usually closing a wire story: "(Reporting by A in Washington; Editing by B)",
    "Writing by A; Editing by B", "Associated Press writer A in Beirut contributed to this report."."""
    if words(s) > MAX_CREDIT_WORDS:
        return False
    core = s.strip().strip("()[]").strip()
    if _CREDIT_LINE.match(core):
        return True
    return bool(_CONTRIBUTED.search(core))


def _is_labelled_byline(s: str) -> bool:
    """"Analysis | By Helen Marsh, Senior Fellow | February 5, 2024", "Jane Roe | 03.02.2024": a byline (or a
    name beside a date) between labels and dates, joined by '|', '·' or '•'. Every part is a byline, a date,
    or a short label without a full stop."""
    parts = [p.strip() for p in re.split(r"[|·•]", s) if p.strip()]
    if len(parts) < 2:
        return False
    if not (any(is_byline(p, labelled=False) for p in parts)
            or (any(_NAME_SHAPE.fullmatch(p) for p in parts) and any(is_date_line(p) for p in parts))):
        return False
    return all(is_byline(p, labelled=False) or is_date_line(p)
               or (words(p) <= MAX_LABEL_WORDS and not p.endswith((".", "!", "?"))) for p in parts)


def is_byline(s: str, labelled: bool = True) -> bool:
    if labelled and (is_credit_line(s) or _is_labelled_byline(s)):
        return True
    wire = _WIRE_FIRST.match(s)
    if wire and is_date_line(s[wire.end():]):
        return True  # "AFP Published February 3, 2024"
    s = _GLUED_BY.sub("by ", _SEPARATOR_END.sub("", s), count=1)  # "byJane Roe|" as pasted from a page
    if words(s) > 16:
        return False
    if any(p.match(s) for p in _BYLINE):
        return True
    m = _BYLINE_LEAD.match(s)
    if not m:
        return False
    names = m.group("names").strip()
    if names.endswith(".") and not re.search(r"\b[A-Z]\.$", names):
        return False  # "By Sunday, officials said … ." is a sentence
    tokens = [w.strip(",;()") for w in names.split()]
    tokens = [w for w in tokens if w]
    if not tokens or not tokens[0][:1].isupper():
        return False
    capitalised = sum(1 for w in tokens if w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_GLUE)
    return capitalised / len(tokens) >= 0.75


def is_credit(s: str) -> bool:
    """A line that is (or starts as) a photo credit rather than a caption sentence."""
    return bool(_CREDIT_START.match(s) or _CREDIT_ONLY.match(s))


def _paren_credit(s: str) -> bool:
    """The line ends in a bracketed photo credit: "(AFP via Getty Images)", "(AFP/File photo)"."""
    m = _PAREN_CREDIT.search(s)
    if not m:
        return False
    inside = m.group(1).strip()
    return bool(_PHOTO_WORD.search(inside) and (_CREDIT_ONLY.match(inside) or re.search(AGENCY, inside, _I)
                                                or _PHOTOGRAPHER.match(inside)))


def is_caption(s: str) -> bool:
    n = words(s)
    if n > MAX_CAPTION_WORDS:
        return False
    if is_credit(s) or _CREDIT_END.search(s) or _PHOTO_PAREN.search(s) or _paren_credit(s):
        return True
    if _IN_THIS_PICTURE.match(s) and not re.search(r"[\"“”]", s):
        return True
    wire = _TRAILING_WIRE.search(s)
    if wire and _PICTURE_SAYS.match(s):
        return True  # "A combination of images shows the sites struck. Reuters"
    if n <= MAX_CAPS_CREDIT_WORDS and _CAPS_WIRE_END.match(s) and _sentences(s) == 1:
        return True
    bare = _WIRE_AFTER.sub("", s)
    return (n <= MAX_DATED_CAPTION_WORDS and not re.search(r"[\"“”]", s) and bool(_PLACE_DATE_END.search(bare)))


def _sentences(s: str) -> int:
    """How many sentences a short line holds (a full stop followed by a capital starts another one)."""
    return 1 + len(re.findall(r"(?<!\b\w)(?<!\bU\.S)[.!?]\s+(?=[A-Z][a-z])", s))


def line_kind(line: str) -> str | None:
    """The kind a line has on its own (None: decided by its context — title, body or context clutter)."""
    s = line.strip()
    if not s:
        return None
    if is_date_line(s):
        return "date"
    if is_boilerplate(s):
        return "boilerplate"
    if is_comment(s) or is_embed(s):
        return "comment"
    if is_byline(s):
        return "byline"
    if is_caption(s):
        return "caption"
    return None


def headline_like(s: str, max_words: int = 30, max_chars: int = 200) -> bool:
    n = words(s)
    return (2 <= n <= max_words and len(s) <= max_chars
            and not s.rstrip("\"'”’»").endswith((".", ",", ";", ":")))


# --- fused clutter ------------------------------------------------------------------------------------------------

def content_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the text between start and end without surrounding whitespace; None if blank."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)


def _dated_byline(s: str) -> re.Match | None:
    """The date opening "February 08, 2024 by Example Dispatch": a date, then a byline ("by …")."""
    m = _DATE_FIRST.match(s)
    rest = s[m.end():] if m else ""
    return m if m and _BYLINE_LEAD.match(rest) and is_byline(rest, labelled=False) else None


def split_line(text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """One line's content → parts (kind, start, end), in order, covering start:end; each part's kind is its
    line-level kind (`line_kind`, None when only the context can tell).

    Cut off: a leading date header ("date 2021-02-26 Title", "March 3, 2024 by Jane Roe"); then, when the rest
    is not clutter as a whole, markup opening or closing the line, an agency tag glued to the first sentence ("Example News/ The…") and
    an agency name after the last sentence ("… it said. AFP"); and a credit fused with the next sentence
    ("…/Getty ImagesAirstrikes hit…")."""
    head: list[tuple[str | None, int, int]] = []
    tail: list[tuple[str | None, int, int]] = []
    m = DATE_HEADER.match(text[start:end]) or _dated_byline(text[start:end])
    if m and text[start + m.end():end].strip() and not is_date_line(text[start:end]):
        head.append(("date", start, start + m.end()))
        span = content_span(text, start + m.end(), end)
        if span is None:
            return head
        start, end = span
    whole = line_kind(text[start:end])
    if whole is None:
        for rx, kind, rest_words in ((_LEADING_MARKUP, "boilerplate", MIN_REST_WORDS),
                                     (_AGENCY_TAG, "byline", MIN_TAGGED_WORDS)):
            m = rx.match(text[start:end])
            rest = text[start + m.end():end] if m else ""
            if m and words(rest) >= rest_words and "/" not in rest[:40] and not _MARKUP.search(rest):
                head.append((kind, start, start + len(text[start:start + m.end()].rstrip())))
                start += m.end()
        for rx, kind in ((_TRAILING_MARKUP, "boilerplate"), (_TRAILING_WIRE, "byline"),
                         (_TRAILING_NOTICE, "boilerplate")):
            m = rx.search(text[start:end])
            rest = text[start:start + m.start()] if m else ""
            if m and words(rest) >= MIN_REST_WORDS and not _MARKUP.search(rest):
                cut = start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                tail.insert(0, (kind, cut, end))
                end = start + m.start()
    s = text[start:end]
    for fuse in _FUSED.finditer(s):  # the first place where a credit runs into a sentence
        if is_credit(s[:fuse.end()].strip()) and words(s[fuse.end():]) >= MIN_REST_WORDS:
            head.append(("caption", start, start + fuse.end()))
            start += fuse.end()
            break
    rest = whole if not head and not tail else line_kind(text[start:end])
    return head + [(rest, start, end)] + tail

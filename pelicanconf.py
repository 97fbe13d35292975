"""Local settings: what `invoke livereload` and `invoke build` use.

Production (`publishconf.py`) imports everything here and overrides only what
differs for the public site. The theme reads every name, URL and author from
these settings; nothing site-specific is hard-coded in templates.
"""

from __future__ import annotations

SITENAME = "Keeping Your Calm In Counseling"
# Say only what the published pages do: `invoke check` grades the posts' reading level, and the
# first post is above READING_GRADE_WARN, so the site does not promise "plain language".
SITE_DESCRIPTION = (
    "Writing about counseling and therapy, and keeping your calm while you go through it."
)
# The feeds' description (RSS <description>, Atom <subtitle>).
SITESUBTITLE = SITE_DESCRIPTION

# Who writes here. Empty while the site itself is the author: posts show no byline, there are
# no author pages, and search engines are told the site (an Organization) wrote and published
# them. Fill it in only with a real person's details; then posts by the site or by this name
# show "By NAME, CREDENTIALS" linking to the About page, which shows the profile, and search
# engines get a Person. For example:
#     AUTHOR_PROFILE = {
#         "name": "Jane Doe",
#         "credentials": "MA, LPC",  # after the name; jobTitle for search engines
#         "bio": "One or two sentences: who you are and why you write here.",
#         "photo": "images/jane-doe.jpg",  # optional, a file in content/images/
#     }
AUTHOR_PROFILE: dict[str, str] = {}
# A post without an `Author:` line is by the profile's person, or else by the site. (A profile
# that is not a dict is refused by the build with one sentence: this line must not fail first.)
AUTHOR = (AUTHOR_PROFILE.get("name") if isinstance(AUTHOR_PROFILE, dict) else None) or SITENAME
# The page the byline links to, which shows the profile (content/pages/about.md).
ABOUT_URL = "about/"
# An email address or a web address (https://...) where readers can reach the author; shown
# on the About page and in the footer of every page. Empty: no contact line.
CONTACT = ""
# People a post may name in `Reviewed_by:`, with their credentials, shown as "Reviewed by
# NAME, CREDENTIALS, on DATE". `invoke check` and the strict build refuse any other name, so no
# post claims a review by someone the site does not know. For example:
#     REVIEWERS = {"Dr. Sam Lee": {"credentials": "PhD, licensed clinical psychologist"}}
REVIEWERS: dict[str, dict[str, str]] = {}
SITEURL = ""
# Feeds need absolute links even in a local preview.
FEED_DOMAIN = "http://localhost:8000"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "images"]
STATIC_PATHS = ["images", "extra"]
# Never read nor published (matched against each bare file and folder name; Pelican's default
# "**/.*" never matches one): dot-files and dot-folders (.DS_Store, ._lake.png from macOS,
# .#post.md from Emacs, content/.trash/), editor backups and swap files, Windows and Office
# debris. Posts are Markdown only, so every content rule checks them (blog/content_rules/): no
# HTML or reStructuredText reader.
IGNORE_FILES = [
    ".*",
    "*~",
    "#*#",
    "*.bak",
    "*.BAK",
    "*.orig",
    "*.rej",
    "*.swp",
    "*.swo",
    "*.swx",
    "*.tmp",
    "~$*",
    "Thumbs.db",
    "thumbs.db",
    "ehthumbs.db",
    "desktop.ini",
    "Desktop.ini",
]
READERS = {"html": None, "htm": None, "rst": None}
THEME = "theme"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 50

# Explicit: `None` would load every installed pelican.plugins.* package. The local plugins are
# the package blog.plugins; Pelican finds the package `blog` in PLUGIN_PATHS (this folder:
# Pelican reads a relative PLUGIN_PATHS from the settings file's folder), so no sys.path edits.
PLUGIN_PATHS = ["."]
# Each local plugin is one concern; its docstring names the signal it uses and why. The order
# of this list does not matter: each plugin runs in the phase it names, and one table lists
# the phases of a build in order (blog/plugins/phases.py).
PLUGINS = [
    "blog.plugins.owner_settings",  # the settings below checked before the build starts
    "blog.plugins.safe_metadata",  # title/summary escaped before typogrify: templates autoescape
    "blog.plugins.xml_text",  # characters XML cannot carry read as spaces
    "blog.plugins.strict_build",  # bad input: one "path: problem" list; fails when STRICT
    "blog.plugins.inline_style",  # the stylesheet inline in every page, its sha256 for the CSP
    "blog.plugins.host_headers",  # one CSP for the <meta> and _headers (empty locally)
    "blog.plugins.typogrify_cache",  # Pelican's typogrify step, cached across builds
    "blog.plugins.content_cache",  # the content cache: stamps of the bytes read; checked
    "blog.plugins.reading_aids",  # reading time, table of contents, heading anchors
    "blog.plugins.post_links",  # previous/next and related posts
    "blog.plugins.url_memo",  # each post's address worked out once per build, not per use
    "blog.plugins.review_dates",  # Last_reviewed is a date
    "blog.plugins.palette",  # the stylesheet's colours for the favicon and share images
    "blog.plugins.share_image",  # a 1200x630 og:image per post and page
    "blog.plugins.content_dates",  # the site's date from its content (empty feeds, sitemap)
    "blog.plugins.search_engines",  # sitemap.xml (escaped, dated by content), robots.txt
    "blog.plugins.structured_data",  # schema.org JSON-LD for posts, the home and About pages
    "blog.plugins.rss_guid",  # RSS <guid isPermaLink="false">: the ids are tag: URIs, not addresses
    "blog.plugins.search_index",  # Pagefind index of the written site
    "blog.plugins.article_images",  # width, height, lazy loading and srcset for article images
    "blog.plugins.safe_svg",  # an SVG is published only when it runs no code and loads nothing
    # Reads only under content/, writes only under the output, one file per address; every
    # site link of a post leads to a written file.
    "blog.plugins.site_paths",
]

# Each plugin declares its own settings' defaults once, in its DEFAULTS (the theme's stylesheet
# inline in every page, no CSP or _headers locally, image widths, reading speed, ...); a build
# that lists the plugin starts from them. Only what the owner is meant to change is named here.

# Content checks (blog/content_rules/, `invoke check`): a reading grade above this is a
# warning, never an error; strict_build fails the build on errors only when STRICT is true.
READING_GRADE_WARN = 9
LINT_SUMMARY_MAX_CHARS = 160
STRICT = False
# A strict build fails on any warning (README "What the strict build rejects"). To allow one
# that is known to be harmless, name it here: (logger name, regular expression searched in the
# message), for example ("PIL.PngImagePlugin", r"^Some harmless notice"). Empty: allow none.
STRICT_ALLOWED_WARNINGS: list[tuple[str, str]] = []

# Clean URLs: every page is a folder with index.html.
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
# No author pages: a byline links to the About page (ABOUT_URL) instead, and while the site
# is its own author such a page would only repeat the home page.
AUTHOR_URL = ""
AUTHOR_SAVE_AS = ""
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "404", "search"]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
# 404.html is written at the root (Pelican's default for a direct template);
# hosts serve it from any path, so its links are root-relative or absolute.

# Drafts are previewable locally; publishconf.py turns them off.
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"

# Feeds: Atom and RSS with full content, no tracking query strings.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False
FEED_APPEND_REF = False
FEED_MAX_ITEMS = 20

TYPOGRIFY = True
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Templates escape by default; the safe_metadata plugin escapes plain-text
# metadata before typogrify, so only content/summary/title are marked safe.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# Reading, finding and sharing --------------------------------------------------------------
# Search page (theme/templates/search.html); Pagefind indexes the output
# (blog/plugins/search_index.py; SEARCH_INDEX = False turns it off). Every post and page gets
# a 1200x630 image for link previews (blog/plugins/share_image.py; SHARE_IMAGES = False).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# Reading aids (blog/plugins/reading_aids.py, post_links.py: READING_SPEED_WPM = 200,
# TOC_MIN_HEADINGS = 3, RELATED_POSTS_MAX = 3 unless set here). Posts this many minutes long
# or longer end with a "Back to top" link.
BACK_TO_TOP_MIN_MINUTES = 3
# Pages search engines should not index, by output path: each is marked <meta name="robots"
# content="noindex"> and left out of sitemap.xml (blog/plugins/search_engines.py), which lists
# every other published page. Search and 404 are not content.
NOINDEX = ["404.html", SEARCH_SAVE_AS]
# Browsers ask for /favicon.ico whatever the page links; serve it from the root.
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}

# Crisis help: in the footer of every page but /help/, and listed once on /help/. Set these
# for your readers' country. Each resource has a name and one or more links; every link is a
# tap target of its own. A link's words must say what it does: "Call" for a tel: link, "Text"
# for an sms: link (tests/site/test_crisis_links.py checks the built pages).
CRISIS_HELP_URL = "help/"  # the URL of content/pages/help.md
PRIVACY_URL = "privacy/"
CRISIS_RESOURCES = [
    {
        "name": "988 Suicide & Crisis Lifeline (US)",
        "links": [
            {"text": "Call 988", "href": "tel:988"},
            {"text": "Text 988", "href": "sms:988"},
            {"text": "Chat at 988lifeline.org", "href": "https://988lifeline.org/chat/"},
        ],
    },
    {
        "name": "In immediate danger",
        "links": [{"text": "Call 911", "href": "tel:911"}],
    },
    {
        "name": "Outside the US",
        "links": [{"text": "Find a helpline", "href": "https://findahelpline.com/"}],
    },
]
# Search hears a reader in crisis (theme/static/js/search.js): a query that says one of these
# shows the call and text links of CRISIS_RESOURCES and a link to CRISIS_HELP_URL above any
# result, whether or not a post matched. Matching ignores case, accents, apostrophes and
# punctuation, and the spaces inside a phrase ("self harm", "self-harm", "selfharm", "kill my
# self" all match "self harm" / "kill myself"); a trailing "*" also matches longer words
# ("suicid*": suicide, suicidal, suicidality). The page carries the list as data; the query is
# never sent anywhere. The phrases are the ways people write it in search boxes and messages:
# direct statements and questions, the words of methods (only as phrases, so "cutting board"
# or "hanging plants" do not trigger), common misspellings and the abbreviations and euphemisms
# of social media's "algospeak" (kms, kys, unalive, sewer slide, self-deletion, sue decide),
# and people looking for a line to call.
CRISIS_WORDS = [
    # Suicide, its misspellings and abbreviations.
    "suicid*",
    "sucid*",
    "suicd*",
    "suisid*",
    "suiscid*",
    "sucicid*",
    "siucid*",
    "suacid*",
    "sewerslide",
    "unalive*",
    "self delet*",
    "sue decide",
    "unal1ve*",
    "commit sudoku",
    "kms",
    "kys",
    "ctb",
    # Saying it.
    "kill myself",
    "killing myself",
    "kil myself",
    "kill meself",
    "kill me",
    "want to die",
    "wanna die",
    "want 2 die",
    "wish i was dead",
    "wish i were dead",
    "want to be dead",
    "better off dead",
    "better off without me",
    "ready to die",
    "dont want to live",
    "do not want to live",
    "dont want to be alive",
    "dont want to exist",
    "dont want to wake up",
    "dont want to be here",
    "no reason to live",
    "nothing to live for",
    "reason to live",
    "end it all",
    "end it",
    "ending it",
    "end my life",
    "ending my life",
    "take my life",
    "take my own life",
    "take my own",
    "not be here anymore",
    "give up on life",
    "cant go on",
    "can not go on",
    "cannot go on",
    "no way out",
    "tired of living",
    "tired of life",
    "life is not worth",
    "life isnt worth",
    "not worth living",
    "how to die",
    "ways to die",
    "painless way",
    "painless death",
    "die in my sleep",
    "goodbye note",
    "goodbye letter",
    "suicide note",
    "last note",
    "final goodbye",
    # Hurting oneself.
    "self harm*",
    "self injur*",
    "self mutilat*",
    "self hurt",
    "hurt myself",
    "hurting myself",
    "harm myself",
    "harming myself",
    "cut myself",
    "cutting myself",
    "burn myself",
    "burning myself",
    "starve myself",
    "punish myself",
    # Methods, only as phrases.
    "overdos*",
    "od on",
    "lethal dose",
    "fatal dose",
    "how many pills",
    "too many pills",
    "took pills",
    "sleeping pills",
    "hang myself",
    "hanging myself",
    "noose",
    "slit my wrists",
    "slit wrists",
    "cut my wrists",
    "jump off",
    "jump in front",
    "shoot myself",
    "gun to my head",
    "drown myself",
    "poison myself",
    # Looking for help.
    "hotline*",
    "helpline*",
    "crisis line",
    "crisis text",
    "crisis",
    "lifeline",
    "988",
    "911",
    "help me",
    "need help",
    "need someone to talk to",
    "someone to talk to",
    "talk to someone",
    "emergency",
    "in danger",
    "not safe",
    "hopeless*",
    "worthless",
    "i give up",
]
# Help in another language, on /help/ only, after CRISIS_RESOURCES. Each resource's `name` and
# each link's `text` are in the language `lang` (marked so screen readers read them in it);
# `gloss` says the same in English. The words must say what the link does, as above ("Llama"
# calls, "Envía" texts). A link shows only while CRISIS_RESOURCES has a link with the same href
# (the same line), so a site set up for another country does not show these. Checked on the
# Lifeline's own page https://988lifeline.org/get-help/what-to-expect (read 2026-12-06):
# calling 988 offers "Spanish-language (Press 2)"; texting 988 offers the Spanish-language
# line ("text AYUDA").
# Not published, because no current Lifeline page confirmed them: a Spanish chat address, and
# the videophone line for Deaf and hard-of-hearing people who use ASL.
CRISIS_RESOURCES_OTHER_LANGUAGES = [
    {
        "name": "En español",
        "lang": "es",
        "gloss": "988 Lifeline in Spanish",
        "links": [
            {"text": "Llama al 988 y marca 2", "gloss": "call 988, press 2", "href": "tel:988"},
            {"text": "Envía AYUDA al 988", "gloss": "text AYUDA to 988", "href": "sms:988"},
        ],
    },
]

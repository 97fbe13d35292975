"""Local settings: what `invoke livereload` and `invoke build` use.

Production (`publishconf.py`) imports everything here and overrides only what
differs for the public site. The theme reads every name, URL and author from
these settings; nothing site-specific is hard-coded in templates.
"""

from __future__ import annotations

SITENAME = "Keeping Your Calm In Counseling"
SITE_DESCRIPTION = (
    "Plain-language writing about counseling and therapy, and keeping your calm "
    "while you go through it."
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
# A post without an `Author:` line is by the profile's person, or else by the site.
AUTHOR = AUTHOR_PROFILE.get("name") or SITENAME
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
# Each local plugin is one concern; its docstring names the signal it uses and why.
PLUGINS = [
    "blog.plugins.safe_metadata",  # title/summary escaped before typogrify: templates autoescape
    "blog.plugins.xml_text",  # characters XML cannot carry read as spaces (after safe_metadata)
    "blog.plugins.strict_build",  # bad input: one "path: problem" list; fails when STRICT
    "blog.plugins.inline_style",  # the stylesheet inline in every page, its sha256 for the CSP
    "blog.plugins.host_headers",  # one CSP for the <meta> and _headers (empty locally)
    "blog.plugins.typogrify_cache",  # Pelican's typogrify step, cached across builds
    "blog.plugins.reading_aids",  # reading time, table of contents, heading anchors
    "blog.plugins.post_links",  # previous/next and related posts
    "blog.plugins.url_memo",  # each post's address worked out once per build, not per use
    "blog.plugins.review_dates",  # Last_reviewed is a date
    "blog.plugins.palette",  # the stylesheet's colours for the favicon and share images
    "blog.plugins.share_image",  # a 1200x630 og:image per post and page
    "blog.plugins.content_dates",  # the site's date from its content (empty feeds, sitemap)
    "blog.plugins.search_engines",  # sitemap.xml (escaped, dated by content), robots.txt
    "blog.plugins.rss_guid",  # RSS <guid isPermaLink="false">: the ids are tag: URIs, not addresses
    "blog.plugins.search_index",  # Pagefind index of the written site
    "blog.plugins.article_images",  # width, height, lazy loading and srcset for article images
    # Reads only under content/, writes only under the output, one file per address; checks
    # every site link of a post once all is written (so, after the search index and images).
    "blog.plugins.site_paths",
]

# The theme's stylesheet, written into every page's <head> (blog/plugins/inline_style.py): each
# page renders from one request. No CSP locally (CSP empty): livereload injects an inline script.
INLINE_STYLESHEET = "css/style.css"
CSP: dict[str, list[str]] = {}
HOST_HEADERS: dict[str, dict[str, str]] = {}

# Content checks (blog/linter.py, `invoke check`): a reading grade above this is a
# warning, never an error; strict_build fails the build on errors only when STRICT is true.
READING_GRADE_WARN = 9
LINT_SUMMARY_MAX_CHARS = 160
STRICT = False
# A strict build fails on any warning (README "What the strict build rejects"). To allow one
# that is known to be harmless, name it here: (logger name, regular expression searched in the
# message), for example ("PIL.PngImagePlugin", r"^Some harmless notice"). Empty: allow none.
STRICT_ALLOWED_WARNINGS: list[tuple[str, str]] = []

# Article images in content/images/ get width, height, loading="lazy" and a srcset of
# resized copies made with Pillow (blog/plugins/article_images.py); sizes follows --measure.
ARTICLE_IMAGE_WIDTHS = [480, 800, 1200]
ARTICLE_IMAGE_SIZES = "(min-width: 46rem) 42rem, 100vw"

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
# (blog/plugins/search_index.py).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SEARCH_INDEX = True
# A 1200x630 image per post and page for link previews (blog/plugins/share_image.py).
SHARE_IMAGES = True
# Reading aids (blog/plugins/reading_aids.py, post_links.py).
READING_SPEED_WPM = 200
TOC_MIN_HEADINGS = 3
# Posts this many minutes long or longer end with a "Back to top" link.
BACK_TO_TOP_MIN_MINUTES = 3
RELATED_POSTS_MAX = 3
# Search engines (blog/plugins/search_engines.py): the sitemap lists published pages only;
# search and 404 are not content.
SITEMAP = {"format": "xml", "exclude": [r"^404\.html$", r"^search/$"]}
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

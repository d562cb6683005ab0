"""CRAG settings: one file, every environment differs only in its variables.

Demo defaults (SQLite, Celery on a SQLite broker, console email) apply only when
DJANGO_DEBUG is true; otherwise the required variables have no default and their
absence stops start-up with a message naming the variable.
"""

from datetime import timedelta
from pathlib import Path
from typing import cast

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def demo_default(value: object) -> object:
    """A default for the zero-setup demo only; in production the variable is required."""
    return value if DEBUG else environ.Env.NOTSET


SECRET_KEY = env("DJANGO_SECRET_KEY", default=demo_default("demo-only-insecure-key-never-use-in-production"))
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=demo_default(["localhost", "127.0.0.1", "[::1]"]))
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "crag",
    "reviews",
    "notifications",
    "dashboard",
    "demo",
    "crag.apps.CragAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "auditlog",
    "crispy_forms",
    "crispy_forms_gds",
]

MIDDLEWARE = [
    "crag.middleware.RequestIdMiddleware",
    "crag.middleware.HealthCheckMiddleware",  # /healthz answers before the session is read
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "crag.middleware.AuditlogMiddleware",  # auditlog's, with the address through trusted proxies
    "crag.middleware.SessionLifetimeMiddleware",
    "crag.middleware.RequireMFAMiddleware",
    "crag.middleware.NoStoreWhenSignedInMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crag.urls"
WSGI_APPLICATION = "crag.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=demo_default(f"sqlite:///{VAR_DIR / 'crag.sqlite3'}")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server, worker and beat share one SQLite file: write-ahead logging lets
    # readers go on during a write, and IMMEDIATE transactions wait their turn instead of
    # failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# A kept connection the server has ended (a PostgreSQL restart) is checked and replaced at the
# start of the next request rather than failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every process (rate limits, used one-time codes) when Redis is configured;
# while Redis is away the database holds it (crag/cache.py), so nothing fails and limits still
# count. The timeouts keep a Redis that does not answer from holding a request up.
_redis_cache = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "crag.cache.RedisWithDatabaseFallback",
            "LOCATION": _redis_cache,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        if _redis_cache
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "crag.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NCSC and NIST SP 800-63B: length over composition rules; 15 characters (ASVS 5.0 L2).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "crag.accounts.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never signs in, so never skips the second factor

# --- Multi-factor authentication (NCSC CAF B2.a: MFA for all users) --------------
# Enforced for every user. Only the demo (make run, DJANGO_DEBUG true) may switch it off, and it
# says so on every page. Outside DEBUG the settings refuse to load: gunicorn and the worker run no
# system checks, so a check alone (crag.E001, kept for settings changed at run time) would not stop them.
CRAG_REQUIRE_MFA = env.bool("CRAG_REQUIRE_MFA", default=True)
if not CRAG_REQUIRE_MFA and not DEBUG:
    raise ImproperlyConfigured(
        "CRAG_REQUIRE_MFA is false while DJANGO_DEBUG is false: only the local demo may run without "
        "two-factor authentication. Set CRAG_REQUIRE_MFA=true."
    )
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CRAG"
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side, for phone clocks that drift
# The code step refuses while the account is locked out (wrong codes count like wrong passwords).
MFA_FORMS = {
    "authenticate": "crag.accounts.MFAAuthenticateForm",
    "reauthenticate": "crag.forms.MFAReauthenticateForm",
}

# --- Sign-in throttling (ASVS 5.0 V6.3; NIST SP 800-63B) --------------------------
# Every limit counts failed sign-ins: wrong passwords and wrong authenticator codes alike.
# 1. django-axes, per account AND address: 10 failures in 5 minutes lock that address out of that
#    account (the lockout page, even with the right password or code), and the holder is emailed.
#    Failing from one address never locks the holder out of their own; counting per account alone
#    let one address keep any account locked for as long as it kept trying.
# 2. allauth "login_failed", per address across all accounts: 20 failures in 5 minutes (password
#    spraying). Above the 10 of axes, so that one account's lockout comes from axes.
# 3. allauth "login_failed", per account from anywhere: 30 in 5 minutes, a ceiling for guesses
#    spread over many addresses. One address cannot reach it on its own (limit 2 stops it at 20).
# allauth's other limits stay as they come, among them 30 sign-in attempts a minute per address.
AXES_FAILURE_LIMIT = env.int("CRAG_LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("CRAG_LOGIN_LOCKOUT_MINUTES", default=5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # whether or not the account exists
ACCOUNT_RATE_LIMITS = {"login_failed": "20/5m/ip,30/5m/key"}
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "crag.security.attempted_username"
AXES_RESET_ON_SUCCESS = True  # the holder's own address only
AXES_LOCKOUT_TEMPLATE = "crag/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Posted values axes must not copy into its tables: a mistyped recovery code is nearly a valid one.
AXES_SENSITIVE_PARAMETERS = ["login", "code"]
# Proxies in front of the service that the operator controls (0: none). Only then are the
# headers they set believed: the client's address in X-Forwarded-For, the request id in X-Request-ID.
CRAG_PROXY_COUNT = env.int("CRAG_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = CRAG_PROXY_COUNT
# axes and allauth see the same client address (IPv6 by its /64, as allauth's limits do).
AXES_CLIENT_IP_CALLABLE = "crag.security.client_address"

# --- Sessions (ASVS 5.0 V7) ----------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # server-side, so it can be ended
CRAG_SESSION_IDLE_MINUTES = env.int("CRAG_SESSION_IDLE_MINUTES", default=30)
CRAG_SESSION_ABSOLUTE_HOURS = env.int("CRAG_SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = CRAG_SESSION_IDLE_MINUTES * 60
# The idle deadline moves on with activity: crag.middleware.SessionLifetimeMiddleware saves the
# session at most once a minute (CRAG_SESSION_TOUCH_SECONDS) rather than writing it on every request.
SESSION_SAVE_EVERY_REQUEST = False
CRAG_SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# allauth would record "last seen" on every request; crag.middleware.SessionLifetimeMiddleware
# does it at most once a minute instead.
USERSESSIONS_TRACK_ACTIVITY = False

# --- Audit (django-auditlog) -----------------------------------------------------
AUDITLOG_CID_GETTER = "crag.middleware.current_request_id"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_MASK_CALLABLE = "crag.audit.mask_secret"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Review documents (drafts, final reports, minutes) live outside any public URL and are served
# only through a permission-checked view (reviews.casework.document_views).
CRAG_PRIVATE_ROOT = env.path("CRAG_PRIVATE_ROOT", default=str(VAR_DIR / "private"))
# Largest document accepted, in bytes (reports with photographs run to a few megabytes).
CRAG_MAX_DOCUMENT_BYTES = env.int("CRAG_MAX_DOCUMENT_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Email -------------------------------------------------------------------
# Django 6.1 MAILERS, built from one EMAIL_URL (smtp://user:pass@host:587/?tls=True, or
# consolemail:// in the demo).
_email_url = env("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
# outbox:// keeps messages in the database (notifications.mail.OutboxBackend).
_email = (
    {"EMAIL_BACKEND": "notifications.mail.OutboxBackend"}
    if _email_url == "outbox://"
    else environ.Env.email_url_config(_email_url)
)
# RFC 5321 section 4.5.3.2: a client waits up to 10 minutes for the reply to the end of the data
# (5 for the greeting, MAIL and RCPT); giving up sooner makes a slow relay get the message again.
CRAG_SMTP_TIMEOUT = 600
# The sending task's own limits (notifications.tasks.send_reminder) outlast one SMTP timeout.
CRAG_MAIL_TASK_SOFT_TIME_LIMIT = CRAG_SMTP_TIMEOUT + 60
CRAG_MAIL_TASK_TIME_LIMIT = CRAG_SMTP_TIMEOUT + 120
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": bool(_email.get("EMAIL_USE_TLS")),
    "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
    "timeout": CRAG_SMTP_TIMEOUT,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    },
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CRAG <crag@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Celery (see crag/celery.py) ---------------------------------------------
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=demo_default(f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}")
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only when it has finished, and given back if its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Sending email has its queue and worker (Procfile: mail), so a slow mail server never holds up
# the sweep, the bell or anything else on the default queue.
CELERY_TASK_ROUTES = {"notifications.tasks.send_reminder": {"queue": "mail"}}
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# Connecting to Redis, and each reply, is bounded: a request that hands work to a broker that is
# away loses well under a second (refused) or a few of these timeouts (packets dropped: the Redis
# client tries the connection again), never hangs; the work is a row in the database and the
# sweeps hand it over when the broker is back.
CRAG_BROKER_TIMEOUT_SECONDS = env.float("CRAG_BROKER_TIMEOUT_SECONDS", default=2.0)
# Redis redelivers a message not acknowledged within the visibility timeout: make it longer than
# the slowest task (the annual-report PDF). The SQLAlchemy transport has no such option (kombu
# passes its options to create_engine, which refuses unknown ones).
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        "socket_connect_timeout": CRAG_BROKER_TIMEOUT_SECONDS,
        "socket_timeout": CRAG_BROKER_TIMEOUT_SECONDS,
    }
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else {}
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_HEARTBEAT_SECONDS = env.int("CELERY_BEAT_HEARTBEAT_SECONDS", default=60)
# The deadline sweep: every 5 minutes by default (the demo runs it every 30 seconds).
CRAG_SWEEP_SECONDS = env.int("CRAG_SWEEP_SECONDS", default=300)
# Annual-report PDFs (reviews/annual_report/service.py). The render row is the record of the work;
# the render sweep hands the worker any render never handed over, waiting longer than
# CRAG_RENDER_WAIT_SECONDS, or whose worker has been silent for CRAG_RENDER_DEAD_AFTER_SECONDS
# (a rendering worker writes a heartbeat every CRAG_RENDER_HEARTBEAT_SECONDS). A render that
# stopped its worker CRAG_RENDER_MAX_ATTEMPTS times fails instead of being tried again.
CRAG_RENDER_SWEEP_SECONDS = env.float("CRAG_RENDER_SWEEP_SECONDS", default=60.0)
CRAG_RENDER_HEARTBEAT_SECONDS = env.float("CRAG_RENDER_HEARTBEAT_SECONDS", default=5.0)
CRAG_RENDER_DEAD_AFTER_SECONDS = env.float("CRAG_RENDER_DEAD_AFTER_SECONDS", default=30.0)
CRAG_RENDER_WAIT_SECONDS = env.float("CRAG_RENDER_WAIT_SECONDS", default=180.0)
CRAG_RENDER_MAX_ATTEMPTS = env.int("CRAG_RENDER_MAX_ATTEMPTS", default=3)
CELERY_BEAT_SCHEDULE = {
    "sweep-deadlines": {
        "task": "notifications.tasks.sweep_deadlines",
        "schedule": CRAG_SWEEP_SECONDS,
        "options": {"expires": CRAG_SWEEP_SECONDS * 0.8},
    },
    "worker-heartbeat": {
        "task": "crag.tasks.record_heartbeat",
        "schedule": CELERY_BEAT_HEARTBEAT_SECONDS,
        # A heartbeat that waited longer than its interval is stale; let the next one run.
        "options": {"expires": CELERY_BEAT_HEARTBEAT_SECONDS * 0.8},
    },
    "sweep-renders": {
        "task": "reviews.tasks.sweep_renders",
        "schedule": CRAG_RENDER_SWEEP_SECONDS,
        "options": {"expires": CRAG_RENDER_SWEEP_SECONDS * 0.8},
    },
}
# Seconds the health check waits for the broker before calling it unreachable.
HEALTHCHECK_BROKER_TIMEOUT = env.float("HEALTHCHECK_BROKER_TIMEOUT", default=3.0)

# --- Statutory periods (DESIGN.md section 2); views and rules read them from here -----
# Children Act 2004 s16C and Working Together 2018/2023: the local authority notifies the Child
# Safeguarding Practice Review Panel within 5 working days of becoming aware (day 0).
CRAG_PANEL_NOTIFICATION_WORKING_DAYS = 5
# Working Together: the safeguarding partners are informed within the same 5 working days.
CRAG_PARTNERSHIP_INFORMED_WORKING_DAYS = 5
# Working Together 2023 (2024 update): a looked-after child's or care leaver's death is notified to
# Ofsted and the Secretary of State within 5 working days, abuse or neglect suspected or not.
CRAG_OFSTED_NOTIFICATION_WORKING_DAYS = 5
# The Panel's guidance for safeguarding partners (non-statutory; it replaced the 2019 practice
# guidance): the Rapid Review goes to the Panel within 15 working days of the notification
# ("notification"), or of awareness ("aware") where a partnership prefers.
CRAG_RAPID_REVIEW_WORKING_DAYS = 15
RAPID_REVIEW_STARTS_FROM = env("RAPID_REVIEW_STARTS_FROM", default="notification")
# Panel practice: its response is expected about 10 working days after the Rapid Review arrives.
CRAG_PANEL_RESPONSE_WORKING_DAYS = 10
# The partnership's name as NHS England's Safeguarding Case Review Tracker (S-CRT) records it: the
# S-CRT export's "Safeguarding partnership" column (docs/scrt-export.md).
CRAG_PARTNERSHIP_NAME = env.str("CRAG_PARTNERSHIP_NAME", default="Local Safeguarding Children Partnership")
# Working Together: a local CSPR is completed and published within 6 calendar months of the decision.
CRAG_CSPR_PUBLICATION_MONTHS = 6
# Working Together: the final report goes to the Panel, Secretary of State and Ofsted at least
# 7 working days before publication.
CRAG_PRE_PUBLICATION_NOTICE_WORKING_DAYS = env.int("CRAG_PRE_PUBLICATION_NOTICE_WORKING_DAYS", default=7)
# Source report and Working Together: a published report stays on the website at least a year.
CRAG_PUBLICATION_MINIMUM_MONTHS = 12

# Local practice (issue 18), inside the Panel's 15 working days for the whole Rapid Review: the
# agencies' summaries and chronologies are due in time for the partners to read them before the
# Rapid Review meeting. For a review, a return is due within 20 working days (about a month),
# the pace of an independent reviewer's information-gathering stage. CRAG may set another date.
CRAG_CONTRIBUTION_DUE_WORKING_DAYS = {
    "rapid_review": env.int("CRAG_CONTRIBUTION_RAPID_REVIEW_WORKING_DAYS", default=5),
    "review": env.int("CRAG_CONTRIBUTION_REVIEW_WORKING_DAYS", default=20),
}
# Working Together 2023: the Rapid Review's decision is the three safeguarding partners'. The chair
# signs it off only once each partner role listed here has agreed it (a partnership that delegates
# differently lists fewer; an empty list turns the check off).
CRAG_RAPID_REVIEW_AGREEING_PARTNERS = env.list(
    "CRAG_RAPID_REVIEW_AGREEING_PARTNERS", default=["local_authority", "police", "icb"]
)

# Local practice (issue 19): CRAG screens a referral within 1 working day of it (day 0), so that
# a notifiable case leaves time inside the Panel's 5 working days, which run from the council's
# awareness (Working Together 2023).
CRAG_REFERRAL_SCREENING_WORKING_DAYS = env.int("CRAG_REFERRAL_SCREENING_WORKING_DAYS", default=1)
# The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 ask the
# partners to monitor each review's progress; CRAG checks each review in progress at this
# interval in weeks, from the decision and then from each check (local practice: about every
# other CRAG meeting).
CRAG_PROGRESS_CHECK_WEEKS = env.int("CRAG_PROGRESS_CHECK_WEEKS", default=6)
# An agency sent a learning resource records how it used it within this many weeks of its
# sending (issue 20). Source: a local policy choice (Working Together 2023 asks the partners to show
# that learning changed practice, but sets no interval); about one quarter.
CRAG_RESOURCE_USE_WEEKS = env.int("CRAG_RESOURCE_USE_WEEKS", default=12)
# A meeting is quorate with a representative of each of these partner roles present (the three
# statutory safeguarding partners, Working Together 2023).
CRAG_MEETING_QUORUM_PARTNERS = env.list(
    "CRAG_MEETING_QUORUM_PARTNERS", default=["local_authority", "police", "icb"]
)

# --- The clock registry's own periods (reviews/clocks) ---------------------------------------
# Working Together: past its six months, a CSPR's reason for delay goes to the Panel and the
# Secretary of State; once it has, the clock stays overdue but reminds monthly (every 20 working
# days) instead of daily (DESIGN.md section 2).
CRAG_DELAY_REASON_SENT_REMINDER_WORKING_DAYS = 20

# Reminder stages that are sent, and who hears of each (role names). Overdue escalates to the
# chair and the Partnership admin, and repeats every working day until the thing is done.
CRAG_REMINDER_STAGES = env.list(
    "CRAG_REMINDER_STAGES", default=["recorded", "day_before", "due_day", "overdue"]
)
CRAG_REMINDER_RECIPIENTS = {
    "recorded": ["CRAG chair", "CRAG member"],
    "day_before": ["CRAG chair", "CRAG member"],
    "due_day": ["CRAG chair", "CRAG member"],
    "overdue": ["CRAG chair", "Partnership admin"],
}
CRAG_ACTION_REMINDER_RECIPIENTS = {
    "recorded": ["Agency action lead"],
    "day_before": ["Agency action lead"],
    "due_day": ["Agency action lead"],
    "overdue": ["Agency action lead", "Business group"],
}
# An agency's return: the request itself and the reminders go to the agency's leads; when it is
# overdue the CRAG chair hears of it too (the chase escalates).
CRAG_CONTRIBUTION_REMINDER_RECIPIENTS = {
    "recorded": ["Agency action lead"],
    "day_before": ["Agency action lead"],
    "due_day": ["Agency action lead"],
    "overdue": ["Agency action lead", "CRAG chair"],
}
# An action agreed at a CRAG meeting: its owner is reminded (whatever their role); when it is
# overdue the CRAG chair hears of it too.
CRAG_MEETING_ACTION_REMINDER_RECIPIENTS = {
    "recorded": [],
    "day_before": [],
    "due_day": [],
    "overdue": ["CRAG chair"],
}
# The annual report of the year to 31 March is due by this (month, day): local practice (the
# 2019/20 report was dated 24 June 2020).
CRAG_ANNUAL_REPORT_DUE = (6, 30)
# Clocks that remind at fewer stages: the Panel's response is informational, so only its lateness.
CRAG_CLOCK_STAGES = {
    "panel_response": ["overdue"],
    "progress_check": ["day_before", "due_day", "overdue"],
    "meeting_action_due": ["day_before", "due_day", "overdue"],
    "action_due": ["day_before", "due_day", "overdue"],
    "earliest_removal": ["day_before", "due_day"],
}
# An unsent reminder queued this long ago is queued again (its message may have been lost).
CRAG_REMINDER_REQUEUE_AFTER = timedelta(minutes=env.int("CRAG_REMINDER_REQUEUE_MINUTES", default=15))
# A reminder claimed for sending this long ago and never marked sent belongs to a worker that died
# mid-send (the task's hard time limit has passed): the sweep releases it to be sent again.
CRAG_REMINDER_CLAIM_STALE_AFTER = timedelta(seconds=CRAG_MAIL_TASK_TIME_LIMIT + 60)
# The address of the service, for links in emails and the calendar feed.
CRAG_BASE_URL = env("CRAG_BASE_URL", default="http://127.0.0.1:8000")

# --- Demo --------------------------------------------------------------------
DEMO_PASSWORD = env("DEMO_PASSWORD", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's defaults give "django" a console handler of its own when DEBUG is on (the demo):
        # every line, tracebacks included, was printed twice. The root handler prints it once.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # axes would log attempted usernames and addresses; the audit table keeps those instead.
        "axes": {"level": "ERROR"},
        # WeasyPrint logs every page it lays out; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Messages that name what is missing (GOV.UK), instead of Django's "This field is required.".
ACCOUNT_FORMS = {
    "login": "crag.forms.LoginForm",
    "change_password": "crag.forms.ChangePasswordForm",
    "reset_password": "crag.forms.ResetPasswordForm",
    "reset_password_from_key": "crag.forms.ResetPasswordKeyForm",
    "reauthenticate": "crag.forms.ReauthenticateForm",
}

# --- Retention (issue 17) ---
# How long CRAG keeps each kind of record, what the period runs from, and what happens at its end
# (reviews/retention; docs/retention.md). None of these periods is set by statute: each is the
# partnership's records management policy's to set. The defaults err on the long side; confirm
# them against your policy (and the IRMS Retention Guidelines for Local Authorities) before
# running `manage.py apply_retention` without --dry-run. A system check refuses an entry with no
# period or no source.
_LOCAL_POLICY = "the partnership's records management policy (set locally)"
CRAG_RETENTION: dict[str, dict[str, object]] = {
    "incident_not_taken_forward": {
        "years": 25,
        "after": "the date the local authority became aware of the incident (no case review followed)",
        "action": "anonymise",
        "source": f"{_LOCAL_POLICY}; default: CRAG's cautious choice, to check against the IRMS"
        " Retention Guidelines for Local Authorities (children's safeguarding records)",
    },
    "rapid_review": {
        "years": 25,
        "after": "the Rapid Review's sign-off (no case review followed; one that did is kept with it)",
        "action": "anonymise",
        "source": f"{_LOCAL_POLICY}; default as for the incident it reviewed",
    },
    "case_review": {
        "years": 75,
        "after": "the review's closure (or publication, or sign-off, whichever is latest recorded)",
        "action": "anonymise",
        "source": f"{_LOCAL_POLICY}; default: CRAG's cautious choice, to check against the IRMS"
        " Retention Guidelines for Local Authorities (safeguarding case reviews: kept for decades)",
    },
    "review_document": {
        "years": 75,
        "after": "the review's closure (or publication, or sign-off), as for the case review",
        "action": "destroy",
        "source": f"{_LOCAL_POLICY}; default as for the case review the document belongs to",
    },
    "action_plan": {
        "years": 75,
        "after": "the review's closure, as for the case review the recommendations came from",
        "action": "anonymise",
        "source": f"{_LOCAL_POLICY}; default as for the case review (actions name agencies, not children)",
    },
    "learning_record": {
        "years": 75,
        "after": "the learning event or resource's date",
        "action": "anonymise",
        "source": f"{_LOCAL_POLICY}; default as for the case reviews it draws on (names no child)",
    },
    "audit_entry": {
        "years": 75,
        "after": "the entry's date",
        "action": "destroy",
        "source": f"{_LOCAL_POLICY}; kept as long as the longest record it describes (NCSC CAF C1)",
    },
    "notification": {
        "years": 2,
        "after": "the reminder or email's date",
        "action": "destroy",
        "source": f"{_LOCAL_POLICY}; default: two years, enough to answer a complaint about a "
        "missed deadline",
    },
}

# --- Backups (issue 17) ---
# The key that seals backup archives (base64 of 32 bytes; `manage.py backup --generate-key`). The
# operator keeps it apart from the archives: an archive without its key cannot be read.
CRAG_BACKUP_KEY = env("CRAG_BACKUP_KEY", default="")
CRAG_BACKUP_DIR = env.path("CRAG_BACKUP_DIR", default=str(VAR_DIR / "backups"))
# Where pg_dump and pg_restore are (their major version at least the server's); empty: on PATH.
CRAG_PG_BIN = env("CRAG_PG_BIN", default="")
# /healthz looks for the files of this many newest documents of each kind (existence only, so it
# stays cheap); `manage.py check_documents` reads every file against its checksum.
CRAG_HEALTH_DOCUMENTS_CHECKED = env.int("CRAG_HEALTH_DOCUMENTS_CHECKED", default=2000)

# --- Observability (issue 17) ---
# Log lines: "json" (one JSON object a line, production's default, for a log shipper) or "plain"
# (the demo's default, for a person at a terminal). Each carries the request id and the user's id
# (crag/logging.py), never a name, an email or anything about a child.
CRAG_LOG_FORMAT = env.str("CRAG_LOG_FORMAT", default="plain" if DEBUG else "json")
if CRAG_LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("CRAG_LOG_FORMAT must be json or plain")
LOGGING["filters"] = {"request_context": {"()": "crag.logging.RequestContextFilter"}}
cast(dict[str, object], LOGGING["formatters"])["json"] = {
    "()": "crag.logging.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
}
cast(dict[str, dict[str, object]], LOGGING["handlers"])["console"] |= {
    "formatter": CRAG_LOG_FORMAT,
    "filters": ["request_context"],
}
# The signed-in user's id on each request's log lines, once SessionLifetimeMiddleware loaded them.
MIDDLEWARE.insert(
    MIDDLEWARE.index("crag.middleware.SessionLifetimeMiddleware") + 1, "crag.middleware.LogContextMiddleware"
)
# /metrics (crag/metrics.py): never public. Answered to a client address in these networks (read
# through the trusted proxies: behind a reverse proxy CRAG_PROXY_COUNT must be set, or every
# request comes from the proxy's own, often loopback, address) or to a request with
# "Authorization: Bearer CRAG_METRICS_TOKEN"; to everyone else a 404.
CRAG_METRICS_ALLOWED_NETWORKS = env.list("CRAG_METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
CRAG_METRICS_TOKEN = env.str("CRAG_METRICS_TOKEN", default="")
# The Celery queues whose length /metrics reports (Redis broker only).
CRAG_METRICS_QUEUES = env.list("CRAG_METRICS_QUEUES", default=["celery", "mail"])
# Request counts and durations by route name and status (crag/request_metrics.py), outermost so
# that the health check's answers and refusals are counted too.
MIDDLEWARE.insert(0, "crag.request_metrics.RequestMetricsMiddleware")
# Optional error reporting: with SENTRY_DSN set, errors go to Sentry (or a compatible service such
# as GlitchTip) without personal data, request bodies, cookies or local variables (crag/logging.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from crag.logging import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
    )

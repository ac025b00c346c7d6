"""Chinese first (zh-hans), English second; times kept in UTC, shown in China Standard Time."""

from pathlib import Path

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [Path(__file__).resolve().parents[2] / "locale"]

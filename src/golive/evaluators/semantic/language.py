"""Which language a text is in: function words first, the py3langid model when unsure.

Function words settle most support replies at once and cost nothing; the n-gram model
inside the ``py3langid`` wheel (no download) decides the rest. It is loaded on first use
(about 0.4 s import and 1.7 s load, measured on a loaded machine), so runs whose replies the
function words settle never pay for it. A run starts loading it on a thread
(``warm_in_background``) so the load overlaps the first calls instead of stalling every
conversation in flight when the first unsure reply is scored.

Example:
    >>> language_of("Votre commande est en route et arrivera jeudi.")
    'fr'
    >>> language_of("ok") is None
    True
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from typing import Any

_FUNCTION_WORDS = {
    "en": "the and you your is are to of for it we i this that with be will have on in my can "
          "please thanks thank not was do would could should our has at by an what where when",
    "de": "der die das und ist sie ihr ihre ich wir nicht mit zu ein eine den dem auf für ist "
          "bitte danke haben wird kann sind es bei von wie was wo meine meinen",
    "fr": "le la les et est vous votre vos je nous pas avec pour un une des du de en sur que qui "
          "merci bonjour ma mon mes sont être avoir où quand ne",
    "es": "el la los las y es usted su sus yo nosotros no con para un una de del en que por "
          "gracias hola mi mis está están ser puedo dónde quiero",
    "it": "il lo la gli le e è lei suo io noi non con per un una di del che grazie ciao mio sono",
    "nl": "de het en is u uw ik wij niet met voor een van dat op te dank hallo mijn zijn",
    "pt": "o a os as e é você seu sua eu nós não com para um uma de do da em que obrigado olá meu",
}
# Words that are also everyday English ("a", "as", "die", "is", "no") tell nothing apart.
_ENGLISH_TOO = set(_FUNCTION_WORDS["en"].split()) | set(
    "a as die is in an on me no so he be do are or it we us men son con sun see".split())
_WORDS = {lang: set(words.split()) - (_ENGLISH_TOO if lang != "en" else set())
          for lang, words in _FUNCTION_WORDS.items()}
#: Every language's function words: a text with none of them has no grammar.
FUNCTION_WORDS = frozenset().union(*_WORDS.values())
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Each function word's languages: a text's hits per language in one pass over its words.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _ws in _WORDS.items():
    for _w in _ws:
        _LANGUAGES_OF[_w] = (*_LANGUAGES_OF.get(_w, ()), _lang)


_LOADING = threading.Lock()  # a reply may ask while the background load runs: wait for it


def _model() -> Any:
    with _LOADING:
        return _load()


@cache
def _load() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(sorted(_FUNCTION_WORDS))
    return model


def warm() -> None:
    """Load the language identifier now (about a second), e.g. before forking workers
    that would each load it."""
    _model()


def warm_in_background() -> threading.Thread:
    """Start loading the language identifier on a daemon thread and return it.

    Its LZMA and numpy reads release the GIL, so on a run it overlaps the network waits of
    the first conversations; loaded on first use instead, it stalls the event loop (every
    conversation in flight) for the whole load.

    Example:
        >>> warm_in_background().join(); language_of("ok") is None
        True
    """
    thread = threading.Thread(target=_model, name="golive-language-model", daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=8192)  # scripted customers and bots repeat themselves across episodes
def language_of(text: str, min_words: int = 4) -> str | None:
    """The text's language code, or None when it is too short or too mixed to say."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < min_words:
        return None
    counts = dict.fromkeys(_WORDS, 0)
    for t in tokens:
        for lang in _LANGUAGES_OF.get(t, ()):
            counts[lang] += 1
    hits = sorted(((n, lang) for lang, n in counts.items()), reverse=True)
    (best, lang), (second, _) = hits[0], hits[1]
    if best >= 3 and best >= 2 * second:
        return lang
    guess, confidence = _model().classify(text)
    return str(guess) if confidence >= 0.9 else None

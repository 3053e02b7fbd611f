"""Events from words: many phrasings in four languages, and honest look-alikes that must
not fire (a probe is not a request, a goal is not a threat, a dead phone is no bereavement).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from golive.personas.words import read_words, reconcile
from golive.results.models import CustomerEvent, CustomerEventKind

K = CustomerEventKind

ASKS = [
    "Can I speak to a manager please",
    "I need to talk to someone real.",
    "I'd like to talk to a human agent now.",
    "Get me a human.",
    "Transfer me to an agent now",
    "Is there a person I can talk to?",
    "Let me speak with a supervisor.",
    "I'd rather talk to a real person about this.",
    "Human please!",
    "representative",
    "Could you put me through to one of your staff?",
    "I want a real person, not a bot.",
    "connect me with a live agent",
    "ok yes, a person please",
    "Ich möchte bitte mit einem Mitarbeiter sprechen.",
    "Verbinden Sie mich mit einem Menschen!",
    "Kann ich mit jemandem reden?",
    "Quiero hablar con un supervisor.",
    "Páseme con una persona real, por favor.",
    "¿Puedo hablar con alguien?",
    "Je voudrais parler à un conseiller.",
    "Mettez-moi en relation avec un humain, merci.",
]
DISCLOSES = [
    ("My wife passed away in January.", "bereavement"),
    ("Mum died recently and I'm sorting her things.", "bereavement"),
    ("I'm the executor of my father's estate.", "bereavement"),
    ("It was my husband's account. He died in March.", "bereavement"),
    ("I've been in and out of hospital since March.", "medical"),
    ("I had surgery last week so I can't lift the box.", "medical"),
    ("I was diagnosed with cancer in the spring.", "medical"),
    ("I'm disabled and can't get to the post office.", "medical"),
    ("I lost my job last month.", "financial_hardship"),
    ("I can't afford to pay this bill.", "financial_hardship"),
    ("Money's tight at the moment.", "financial_hardship"),
    ("I'm on universal credit.", "financial_hardship"),
    ("I've been feeling suicidal.", "crisis"),
    ("I don't want to live anymore.", "crisis"),
    ("I'm homeless at the moment.", "crisis"),
    ("Mein Vater ist letzte Woche gestorben.", "bereavement"),
    ("Ich bin arbeitslos.", "financial_hardship"),
    ("Ich liege seit Montag im Krankenhaus.", "medical"),
    ("Estoy en paro y no llego a fin de mes.", "financial_hardship"),
    ("Mi madre falleció.", "bereavement"),
    ("Je suis au chômage depuis janvier.", "financial_hardship"),
    ("Ma mère est décédée.", "bereavement"),
    ("Je ne vais pas bien du tout.", "crisis"),
]
THREATENS = [
    ("If you don't refund me I'm going to talk to my lawyer.", "lawyer"),
    ("I'll be filing a chargeback with my bank.", "chargeback"),
    ("Expect a one-star review.", "public_review"),
    ("If this isn't fixed I'll cancel my subscription.", "cancel"),
    ("I'm going to report you to trading standards.", "lawyer"),
    ("Fix it or I'll switch to another provider.", "cancel"),
    ("I will take you to court.", "lawyer"),
    ("I'll post about this all over social media.", "public_review"),
    ("I want to make a formal complaint.", "lawyer"),
    ("Ich werde mich an die Verbraucherzentrale wenden.", "lawyer"),
    ("Sonst kündige ich den Vertrag.", "cancel"),
    ("Voy a poner una reclamación formal.", "lawyer"),
    ("Je vais porter plainte.", "lawyer"),
]
GIVES_UP = [
    "Forget it.", "Never mind, I'll figure it out myself.", "This is a waste of time.",
    "I give up.", "You're going round in circles.", "Vergiss es.", "Olvídalo.",
    "Laisse tomber.", "Ugh, this is going nowhere.",
]
HONEST = [  # none of these says any word-based event
    "Are you a real person?", "Am I talking to a bot?", "Wait, is this a human or a machine?",
    "I don't need to speak to anyone, just tell me the date.", "No need to transfer me, thanks.",
    "My husband spoke to someone yesterday.", "The person at the door left the parcel.",
    "I spoke with an agent last week and they said it would be refunded.",
    "Can you put the refund through to my card?", "Can I talk to you about my order?",
    "Sind Sie ein Mensch?", "¿Eres una persona?", "Est-ce que je parle à un robot ?",
    "My phone died.", "The battery died on the way home.", "It died after a week.", "I'm sick of waiting!",
    "I'm sick and tired of this.", "I can't afford to wait another week.",
    "The operation failed on your website.", "This is killing me, when will it come?",
    "I work at the hospital, can it go to my work address?", "I'm not in a hurry.",
    "Hay una operación de 50 euros en mi cuenta que no reconozco.",
    "J'ai une opération sur mon compte que je ne reconnais pas.",
    "I want to cancel my contract.", "Please cancel my order.", "I'd like to close my account.",
    "My lawyer friend says I have rights here, is that true?", "I left a good review last year.",
    "I read the reviews before buying.", "Can I change my plan or do I have to cancel?",
    "Don't forget it's a gift.", "Never mind the box, the kettle is what matters.",
    "That's not a waste of time at all, thanks.", "Fine, whatever, thanks.",
    "Okay, I understand. Thanks anyway.", "Thanks, that's all I needed.",
    "Sue from your team told me it would be sorted.", "I'm done, thanks, that was quick!",
    "Ich möchte kündigen.", "Quiero cancelar mi cuenta.", "Je veux résilier mon abonnement.",
]


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(e.kind.value, e.detail) for e in read_words(text)]


@pytest.mark.parametrize("text", ASKS)
def test_requests_for_a_person_in_many_phrasings(text: str) -> None:
    assert ("asked_for_human", "") in _kinds(text)


@pytest.mark.parametrize(("text", "what"), DISCLOSES)
def test_disclosures_in_many_phrasings(text: str, what: str) -> None:
    assert ("disclosed_vulnerability", what) in _kinds(text)


@pytest.mark.parametrize(("text", "what"), THREATENS)
def test_threats_in_many_phrasings(text: str, what: str) -> None:
    assert ("threatened", what) in _kinds(text)


@pytest.mark.parametrize("text", GIVES_UP)
def test_giving_up_in_many_phrasings(text: str) -> None:
    assert ("gave_up", "") in _kinds(text)


@pytest.mark.parametrize("text", HONEST)
def test_honest_look_alikes_fire_nothing(text: str) -> None:
    assert _kinds(text) == []


def test_leaving_while_giving_up_is_giving_up_not_a_threat() -> None:
    assert _kinds("Forget it. I'll take my business elsewhere.") == [("gave_up", "")]


def _phrase_book(language: str) -> dict[str, object]:
    text = resources.files("golive.personas").joinpath("phrases", f"{language}.yaml").read_text()
    return yaml.safe_load(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("language", ["en", "de", "es", "fr"])
def test_the_scripted_customers_own_phrases_read_as_what_they_mean(language: str) -> None:
    # The scripted simulator's agenda and golive's reader must agree, or scripted runs
    # would record flag disagreements against themselves.
    book = _phrase_book(language)
    expect = {"ask_human": "asked_for_human", "accept_human": "asked_for_human",
              "give_up": "gave_up"}
    for key, kind in expect.items():
        for line in book[key]:  # type: ignore[attr-defined]
            assert [k for k, _ in _kinds(line)] == [kind], line
    for what, lines in book["disclose"].items():  # type: ignore[attr-defined]
        for line in lines:
            assert _kinds(line) == [("disclosed_vulnerability", what)], line
    for what, lines in book["threat"].items():  # type: ignore[attr-defined]
        for line in lines:
            assert _kinds(line) == [("threatened", what)], line
    for key in ("greeting", "sign_off", "thanks", "accept_refusal", "reluctant", "jargon",
                "dont_know", "greeting_short"):
        for line in book[key]:  # type: ignore[attr-defined]
            assert _kinds(line) == [], line
    for lines in [*book["prefix"].values(), *book["context"].values()]:  # type: ignore[attr-defined]
        for line in lines:
            assert _kinds(line) == [], line


def test_reconcile_keeps_the_simulators_order_where_the_words_agree() -> None:
    said = "My wife died last month. I want to talk to a person."
    flagged = [CustomerEvent(kind=K.DISCLOSED_VULNERABILITY, detail="bereavement"),
               CustomerEvent(kind=K.ASKED_FOR_HUMAN), CustomerEvent(kind=K.EMOTION_THRESHOLD)]
    events, problems = reconcile(said, flagged)
    assert events == flagged and problems == []
    # A disclosure repeated in a later turn is no new disclosure, and no disagreement.
    events, problems = reconcile(said, flagged[1:], disclosed={"bereavement"})
    assert events == flagged[1:] and problems == []


@pytest.mark.slow
@pytest.mark.parametrize("pack", ["demo", "retail", "telecom", "banking"])
def test_every_library_persona_reads_as_its_agenda_meant(pack: str, tmp_path: Path) -> None:
    # All 19 personas (German, Spanish, French, typos, non-native...) against a pack: the
    # words of every scripted turn read as the agenda meant them, no disagreement.
    from golive.harness.rehearsal import RunConfig, run_suite

    suite = tmp_path / "suite.yaml"
    suite.write_text(f"kind: suite\nname: lib\nseed: 11\nscenarios: [pack:{pack}]\n"
                     "personas: ['library:*']\nsimulator: scripted\n")
    outcome = run_suite(RunConfig(suite=suite, agent="acme_v2", mlflow=False, quiet=True,
                                  out=tmp_path / "run"))
    assert outcome.metrics["run.episodes"] >= 19 * 5
    assert outcome.metrics["fidelity.flag_disagreements"] == 0


@pytest.mark.parametrize(("text", "flag"), [
    ("Can I talk to a hmuan, please?", CustomerEvent(kind=K.ASKED_FOR_HUMAN)),
    ("Mum deid recently.", CustomerEvent(kind=K.DISCLOSED_VULNERABILITY, detail="bereavement")),
    ("Tihs is going nowhree. Goodbye.", CustomerEvent(kind=K.GAVE_UP)),
    ("Ich möchte mit einem Mesnchen sprechen.", CustomerEvent(kind=K.ASKED_FOR_HUMAN)),
])
def test_a_flag_the_words_carry_with_a_typo_is_confirmed(text: str, flag: CustomerEvent) -> None:
    assert read_words(text) == ()  # as written, the words miss it...
    assert reconcile(text, [flag]) == ([flag], [])  # ...one typo forgiven, they say it


def test_typo_tolerance_never_invents_what_was_not_flagged_nor_what_is_not_there() -> None:
    assert reconcile("Can I talk to a hmuan, please?", []) == ([], [])
    events, problems = reconcile("Fine, whatever, thanks.", [CustomerEvent(kind=K.ASKED_FOR_HUMAN)])
    assert events == [] and problems == ["flagged asked_for_human, but the words do not say it"]


def test_each_familys_screen_holds_in_every_match_and_skips_only_what_cannot_match() -> None:
    # The screen (strings every match contains) is derived from the regex; it must be a
    # necessary condition: every match found in these phrases contains one of its strings.
    from golive.personas.words import _compiled, fold

    texts = [*ASKS, *(t for t, _ in DISCLOSES), *(t for t, _ in THREATENS), *GIVES_UP, *HONEST]
    screened = 0
    for kind, detail, pattern, screen in _compiled():
        assert screen, f"{kind.value} {detail}: no screen derived (every message runs the regex)"
        for text in texts:
            for match in pattern.finditer(fold(text)):
                assert any(word in match.group(0) for word in screen), (kind, detail, text)
        screened += sum(not any(w in fold(t) for w in screen) for t in texts)
    assert screened  # the phrases of the other families are skipped without a regex pass


def test_a_screen_is_derived_from_literals_groups_alternations_and_required_repeats() -> None:
    from golive.personas.words import _screen

    assert _screen([r"\b(can|could) i (please )?x{2,3}y"]) == {" i "}
    assert _screen([r"\b(?:verbinden|stellen) sie\b", r"\bfuneral\b"]) == {
        "verbinden", "stellen", "funeral"}
    assert _screen([r"\bno(?=t)", r"[a-z]+"]) is None  # the second needs no literal

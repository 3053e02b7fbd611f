"""Events from words: what a customer's message says, read by golive itself.

Handoff triggers must not depend on what a simulator *claims* a turn did. Every customer
turn, whichever simulator wrote it, is read here: asked for a person, disclosed a
vulnerability (bereavement, medical, financial hardship, crisis), threatened to leave or
complain, gave up. Each is a family of phrasings in the languages of the persona library
(English, German, Spanish, French), matched on accent- and case-folded text. A match right
after a negation ("I don't need a person") does not count.

The families are written for recall over many phrasings and checked for precision against
honest look-alikes (``tests/personas/test_words.py``): "Are you a real person?" is a probe,
not a request; "I want to cancel my contract" is a goal, not a threat; "my phone died" is no
bereavement.

Example:
    >>> sorted(e.kind.value for e in read_words("My husband passed away. Can I talk to a person?"))
    ['asked_for_human', 'disclosed_vulnerability']
    >>> read_words("Are you a real person?")
    ()
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from functools import lru_cache

from golive._branches import Branches
from golive.results.models import CustomerEvent, CustomerEventKind

#: The kinds golive reads from words (the text decides these; other kinds, such as an
#: emotion threshold or a probe, come from the simulator's own model of the customer).
WORD_KINDS = frozenset({
    CustomerEventKind.ASKED_FOR_HUMAN,
    CustomerEventKind.DISCLOSED_VULNERABILITY,
    CustomerEventKind.THREATENED,
    CustomerEventKind.GAVE_UP,
})

_KIN = (r"(wife|husband|partner|spouse|mum|mom|mother|dad|father|son|daughter|child|baby|"
        r"brother|sister|grandmother|grandfather|grandma|grandad|granddad|nan|gran|aunt|uncle|"
        r"fiance|fiancee|parents?|best friend)")
_TARGET_EN = (r"(some ?one|some ?body|an? (real |actual |live |proper )?(human( being)?|person|"
              r"agent|manager|supervisor|representative|rep|operator|advis[eo]r|team member|"
              r"staff member|colleague)|(a|one of your|your) (real |actual |live )?(people|staff|"
              r"humans|agents|managers|supervisors|colleagues)|the manager|a human)")
_FUTURE_EN = r"(i'?ll|i will|i'?m going to|i am going to|i'?m gonna|or (else )?i'?ll|otherwise i'?ll)"

# Each family: (detail, patterns). Patterns are matched on folded text (see ``fold``).
_ASK_HUMAN = [
    # English
    rf"\b(can|could|may) i (please )?(speak|talk|chat) (to|with) {_TARGET_EN}",
    rf"\b(i|we)( want| need| would like|'d like| wish| demand) to (speak|talk|chat) (to|with) {_TARGET_EN}",
    rf"\blet me (speak|talk|chat) (to|with) {_TARGET_EN}",
    rf"\b(i'?d|i would) (rather|prefer to) (speak|talk|chat) (to|with) {_TARGET_EN}",
    rf"\b(put|get|transfer|connect|pass|send|escalate|forward) (me|this|it|my (call|chat|case))"
    rf"( (through|over|on))? (to|with) {_TARGET_EN}",
    r"\b(put|transfer|connect) me through\b",
    r"\b(i (want|need)|i'?d like|give me|get me|can i (have|get)) (to have )?(an? )?(real |actual |live )?"
    r"(human( being)?|person|manager|supervisor|human agent|representative)\b",
    r"\bis there (an? )?(real )?(human|person|some ?one|some ?body|any ?one)( real)? (i can|to) (speak|talk|chat)",
    r"^\W*(yes,? )?(an? )?(real |actual )?(human|person|agent|manager|supervisor|representative|operator)"
    r"( please)?\W*$",
    r"\b(an? )?(real |actual )?(human|person|manager|supervisor),? please\b",
    r"\b(human|real person|manager|supervisor) now\b",
    # German
    r"\bmit (einem|einer|jemandem|ihrem|ihrer|einen) (echten |richtigen |menschlichen )?"
    r"(menschen|mitarbeiter(in)?|person|berater(in)?|vorgesetzten|chef|kolleg(en|in)|sachbearbeiter(in)?)\b",
    r"\b(verbinden|stellen) sie mich\b", r"\bmit jemandem (\w+ )?(sprechen|reden)\b",
    r"\b(ich (will|mochte|brauche)|geben sie mir) (einen|eine) (echten |richtigen )?"
    r"(menschen|mitarbeiter(in)?|person|vorgesetzten)\b",
    # Spanish
    r"\bhablar con (una |un |alguna |algun |el |la |su )?(persona|humano|agente|supervisor(a)?|"
    r"responsable|encargad[oa]|gerente|operador(a)?|alguien)\b",
    r"\b(paseme|pasame|comuniqueme|pongame|transfierame|paseme) con\b",
    r"\b(quiero|necesito) (una persona|un humano|un agente|un supervisor|alguien real)\b",
    r"\bcon (una|un) (persona|humano)( real)?,? por favor\b",
    # French
    r"\bparler (a|avec) (un |une |un vrai |une vraie |votre |quelqu'un|un de vos |une de vos )?"
    r"(humain|personne|conseiller|conseillere|agent|responsable|superviseur|operateur|quelqu'un)",
    r"\b(passez|mettez|transferez)[- ]moi\b",
    r"\b(je veux|je voudrais|j'aimerais) (un|une) (vrai |vraie )?(humain|personne|conseiller|responsable)\b",
    r"\bune (vraie )?personne,? s'il vous plait\b",
]

_VULNERABLE: dict[str, list[str]] = {
    "bereavement": [
        r"\bpassed away\b", r"\bbereave\w*", r"\bwidow(ed|er)?\b", r"\bfuneral\b",
        r"\bdeath certificate\b", r"\bprobate\b", r"\bexecutor of\b",
        rf"\bmy late {_KIN}\b", rf"\b(lost|losing) my {_KIN}\b(?!'s)",
        rf"\b(my |our )?{_KIN} (has |had |just |recently )?(died|passed away)\b",
        r"\b(he|she) (has |had |just |recently |sadly )?(died|passed away)\b",
        rf"\b(death|loss) of my {_KIN}\b",
        # German
        r"\b(verstorben|gestorben|beerdigung|trauerfall|witwe[r]?|todesfall|sterbeurkunde)\b",
        # Spanish
        r"\b(fallecio|fallecid[oa]|fallecimiento|murio|ha muerto|entierro|viud[oa]|"
        r"certificado de defuncion)\b", r"\bperdi a mi\b",
        # French
        r"\b(decede|decedee|deces|obseques|funerailles|enterrement|veuf|veuve|"
        r"certificat de deces)\b", r"\best (mort|morte)\b",
        r"\bj'ai perdu (mon|ma) (mari|femme|pere|mere|fils|fille|frere|soeur|conjoint|compagn(on|e))\b",
    ],
    "medical": [
        r"\b(in|out of|from|into|to|left|leaving) (the )?hospital\b", r"\bhospitali[sz]ed\b",
        r"\bsurgery\b",
        r"\b(had|having|after|recovering from|before) (an |my |a )?(operation|surgery)\b",
        r"\bchemo(therapy)?\b", r"\bcancer\b", r"\bdiagnosed\b", r"\bterminal(ly)? ill\b",
        r"\b(i'?m|i am|i'?ve been|i have been|i was) (very |really |quite |seriously |so )?"
        r"(ill|unwell|sick)\b(?! (of|and tired))",
        r"\b(illness|disabilit(y|ies)|disabled|wheelchair|dementia|alzheimer'?s?|hospice)\b",
        r"\b(had|having|suffered) a (stroke|heart attack)\b", r"\bheart attack\b",
        r"\bmy carer\b", r"\bcare home\b", r"\bmental health\b",
        r"\b(i'?m|i am) (blind|deaf|partially sighted)\b", r"\b(visually|hearing) impaired\b",
        # German
        r"\b(im|aus dem|ins) (krankenhaus|klinik)\b", r"\b(chemo|krebs|diagnose|schwer krank|ich bin krank|erkrankt|"
        r"krankheit|behinderung|rollstuhl|schlaganfall|herzinfarkt|demenz|pflegeheim)\b",
        r"\b(meiner|einer|der) operation\b", r"\boperiert\b",
        # Spanish
        r"\b(en el|del|al) hospital\b", r"\b(ingresad[oa]|quimio|cancer|enferm[oa]|enfermedad|discapacidad|"
        r"silla de ruedas|infarto|demencia|baja medica)\b", r"\b(me )?(han|ha) operado\b",
        r"\boperacion quirurgica\b", r"\boperarme\b",
        # French
        r"\b(a l'|de l'|sors de l')hopital\b", r"\b(hospitalise|hospitalisee|chimio|cancer|malade|maladie|handicap|"
        r"fauteuil roulant|avc|infarctus|arret maladie)\b", r"\bme faire operer\b",
        r"\boperation chirurgicale\b",
    ],
    "financial_hardship": [
        r"\bcan'?t afford\b(?! to (wait|lose|miss|be|have))", r"\bcannot afford\b(?! to (wait|lose|miss|be))",
        r"\bmoney('s| is) (really |very |so |a bit )?tight\b",
        r"\bstruggling (to pay|financially|with (money|bills|debts?|rent|the bills))\b",
        r"\b(lost|losing) my job\b", r"\bmade redundant\b", r"\b(unemployed|out of work)\b",
        r"\bon benefits\b", r"\buniversal credit\b", r"\bfood ?bank\b", r"\bin debt\b",
        r"\bdebt collectors?\b", r"\bbehind (on|with) (my )?(payments|rent|bills|mortgage)\b",
        r"\b(i'?m|i am) (flat )?broke\b", r"\b(bills|debts) (are )?piling up\b", r"\bskint\b",
        r"\bfinancial (hardship|difficult(y|ies))\b", r"\bevery penny\b",
        # German
        r"\bkann (mir )?(das|es|den|die) (\w+ )?nicht leisten\b", r"\bkann mir (\w+ ){0,3}nicht leisten\b",
        r"\bgeld ist (\w+ ){0,2}knapp\b", r"\bknapp bei kasse\b", r"\barbeitslos\b",
        r"\b(job|arbeit|stelle) verloren\b", r"\bschulden\b", r"\bpleite\b",
        r"\bfinanzielle (not|schwierigkeiten)\b",
        # Spanish
        r"\bno (me )?(lo |la |los )?puedo permitir\b", r"\bdinero no me llega\b",
        r"\bno llego a fin de mes\b", r"\b(ando|voy|estoy) (muy )?(justo|corto) de dinero\b",
        r"\b(en paro|desemplead[oa]|sin trabajo)\b", r"\bperdi (mi|el) (trabajo|empleo)\b",
        r"\b(deudas|endeudad[oa])\b", r"\bdificultades economicas\b", r"\bbanco de alimentos\b",
        # French
        r"\b(pas|plus) les moyens\b", r"\bne peux pas me (le |la |les )?permettre\b",
        r"\bargent est (\w+ ){0,2}serre\b", r"\bfins? de mois difficiles?\b",
        r"\b(au chomage|chomeur|chomeuse|licencie|licenciee)\b",
        r"\bperdu mon (emploi|travail|boulot)\b", r"\b(dettes|endette|endettee|surendette)\b",
        r"\bdifficultes financieres\b", r"\bbanque alimentaire\b",
    ],
    "crisis": [
        r"\bnot in a (good|great) place\b", r"\b(want|wanted|going) to (die|end it)\b",
        r"\bend it all\b", r"\bkill(ing)? myself\b", r"\bsuicid\w*", r"\bself[- ]harm\w*",
        r"\bhurt(ing)? myself\b", r"\bno (point|reason) (in )?(living|going on)\b",
        r"\bdon'?t want to (live|be here) any ?more\b",
        r"\b(domestic|physical|emotional) abuse\b", r"\babusive (partner|husband|wife|relationship)\b",
        r"\b(homeless|sleeping rough)\b", r"\bnowhere to (live|sleep|stay)\b",
        r"\b(mental|nervous) breakdown\b", r"\b(i'?m|i am) not safe\b", r"\bscared for my (life|safety)\b",
        # German
        r"\bgeht es mir (\w+ ){0,2}(gar |uberhaupt )?nicht gut\b", r"\bwill nicht mehr leben\b",
        r"\bmich umbringen\b", r"\b(selbstmord|suizid\w*|obdachlos|hausliche gewalt)\b",
        r"\bmir etwas antun\b",
        # Spanish
        r"\bno estoy (nada )?bien\b(?! (informad|segur))", r"\bquiero morir(me)?\b",
        r"\bquitarme la vida\b", r"\bhacerme dano\b", r"\bno quiero vivir\b", r"\bsin hogar\b",
        r"\bviolencia (domestica|de genero)\b", r"\bmaltrato\b",
        # French
        r"\bje ne vais pas bien\b", r"\bca ne va pas (du tout )?(bien )?(en ce moment|moralement)\b",
        r"\benvie de mourir\b", r"\ben finir\b", r"\bme suicider\b", r"\bme faire du mal\b",
        r"\b(sans abri|sans-abri)\b", r"\bviolences? conjugales?\b",
    ],
}

_THREAT: dict[str, list[str]] = {
    "cancel": [
        rf"\b{_FUTURE_EN} (just )?(cancel|close|terminate|end|leave|quit)\b",
        rf"\b{_FUTURE_EN} (switch|move) (to|provider|banks?|networks?|my (account|business))",
        r"\b(if|unless)\b[^.!?]{0,80}\b(i'?m|i am|i'?ll|i will) (cancel(l)?ing|closing|leaving|switching|cancel|close|leave|switch)\b",
        r"\b(never|won'?t) (buy|order|shop|bank) (anything )?(from|with|here)( you)?( again)?\b",
        r"\bgo(ing)? to (a |your )?competitor\b",
        # German
        r"\bkundige ich\b", r"\bsonst kundige\b", r"\bwerde (ich )?(\w+ ){0,3}kundigen\b",
        r"\b(wechsle|gehe) (ich )?(\w+ ){0,2}(zur konkurrenz|den anbieter)\b",
        # Spanish
        r"\bcancelo (mi|la|el)\b", r"\bvoy a (cancelar|darme de baja)\b", r"\bme (dare|doy) de baja\b",
        r"\bme (voy|cambio) a la competencia\b",
        # French
        r"\bje resilie\b", r"\bje vais resilier\b", r"\bsinon je (resilie|pars|change)\b",
        r"\bj'irai (chez|a) la concurrence\b",
    ],
    "chargeback": [
        r"\bcharge ?backs?\b", r"\b(ask|call|contact|get|tell) my (bank|card (company|issuer|provider))"
        r" (to )?(reverse|refund|dispute|claw|cancel|about)", r"\bdispute (the|this|it) with my (bank|card)",
        r"\breverse the (charge|payment|transaction)\b",
        r"\b(zuruckbuchen|ruckbuchung)\b", r"\buber meine bank\b",
        r"\b(pedire|pido|dire|voy a pedir) a mi banco\b", r"\bcontracargo\b",
        r"\b(demander|demande|demanderai) a ma banque\b", r"\bopposition sur (le|ce) paiement\b",
    ],
    "lawyer": [
        r"\b(talk|speak|go|going|refer|get|contact|call|consult|involve|hand(ing)? (this|it)) (to |with )?"
        r"(my |a |our )?(lawyer|solicitor|attorney)s?\b", r"\bhear from my (lawyer|solicitor)\b",
        r"\b(legal action|small claims|ombudsman|trading standards)\b",
        r"\b(take|taking) (you|this|it|your company) to court\b", r"\bsee you in court\b",
        r"\bsue (you|your|the company|them)\b",
        r"\b(report|reporting) (you|this|it) to (the )?(regulator|fca|ofcom|ftc|bbb|cma|authorities)\b",
        r"\b(make|file|lodge|raise|submit) a (formal |official )?complaint\b",
        r"\b(formal|official) complaint\b",
        r"\b(anwalt|anwaltin|rechtliche schritte|verbraucherzentrale|verklagen|schlichtungsstelle)\b",
        r"\b(offizielle|formelle) beschwerde\b", r"\bbeschwerde einreichen\b",
        r"\b(abogad[oa]|demandar(les)?|denunciar(les)?|tribunal|juzgado|hoja de reclamaciones)\b",
        r"\b(acciones|accion) legal(es)?\b", r"\breclamacion formal\b",
        r"\b(avocat|poursuites|tribunal|mediateur|porter plainte)\b", r"\baction en justice\b",
        r"\bassociation de consommateurs\b",
    ],
    "public_review": [
        r"\b(bad|terrible|negative|awful|one[- ]star|1[- ]star|scathing|public|honest) reviews?\b",
        r"\btrustpilot\b", r"\btell (everyone|everybody|all my friends)\b",
        r"\b(on|all over) (social media|twitter|facebook|tiktok|reddit|instagram)\b",
        r"\b(go|going|talk|talking) to the (press|papers|media|newspapers)\b",
        r"\b(offentliche|schlechte|negative) bewertung\b", r"\bbewertung schreiben\b",
        r"\bschreibe (ich )?(\w+ ){0,3}bewertung\b", r"\bsozialen medien\b",
        r"\bresena\b", r"\bopinion (negativa|publica)\b", r"\bredes sociales\b",
        r"\bcontar(lo)? (todo|a todo el mundo)\b",
        r"\bavis (public|negatif)\b", r"\bmauvais avis\b", r"\breseaux sociaux\b",
        r"\braconter (ca|tout)\b",
    ],
}

_GAVE_UP = [
    r"\bforget (it|about it)\b(?!'s| is| was)", r"^\W*never ?mind\b(?! the| about| that| my)",
    r"\bnever ?mind\W*$", r"\bi give up\b", r"\bi'?m giving up\b",
    r"\bi'?ve had enough\b", r"\b(going|getting) nowhere\b",
    r"\bgoing (round|around) in circles\b", r"\b(a |complete |total )?waste of (my )?time\b",
    r"\bi'?m done with (this|it)( chat| conversation)?\W*$", r"\b(take|taking) my (business|custom|money) elsewhere\b",
    r"\b(i'?ll|i will) (just )?(go|shop|look) (elsewhere|somewhere else)\b",
    r"\b(i'?ll|i will) (just )?(sort|figure|work) it out myself\b", r"\bnot worth (it|the hassle)\b",
    # German
    r"\b(vergessen sie es|vergiss es|lassen wir das|ich gebe auf|zeitverschwendung)\b",
    r"\b(das|es) fuhrt zu nichts\b", r"\bich gehe woanders hin\b",
    # Spanish
    r"\b(dejelo|dejalo|olvidelo|olvidalo|me rindo)\b", r"\bno lleva a ningun (sitio|lado)\b",
    r"\bme voy a otra (tienda|parte|compania|empresa)\b", r"\bperdida de tiempo\b",
    # French
    r"\b(laissez|laisse) tomber\b", r"\b(oubliez|oublie)[ -](ca|le)\b", r"\bj'abandonne\b",
    r"\bne mene a rien\b", r"\bj'irai ailleurs\b", r"\bperte de temps\b",
]

# A negation at most three words before a match, in the same clause ("I don't need to talk to a person",
# "no quiero hablar con una persona", "je ne veux pas parler a un humain").
# Agreeing to a person the agent just offered ("Yes please") asks for one, in context.
_ACCEPTS = re.compile(
    r"^\W*(yes|yeah|yep|sure|ok(ay)?|please( do)?|go ahead|that would be (great|good|lovely)|"
    r"ja|gerne|si|vale|claro|oui|d'accord|volontiers)\b"
)
_NEGATION = re.compile(
    r"(\b(not|don'?t|do not|doesn'?t|didn'?t|no need|never|without|nicht|kein\w*|pas|ni)|"
    r"\bno(?! (problem|worries|doubt|idea|one)\b)|\bne|\bn')[^\w,;:]+(\w+[^\w,;:]+){0,3}$"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents dropped, curly apostrophes straightened, spaces collapsed.

    Example:
        >>> fold("Ich möchte  mit   einem Menschen sprechen’")
        "ich mochte mit einem menschen sprechen'"
    """
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[CustomerEventKind, str, Branches]]:
    table: list[tuple[CustomerEventKind, str, list[str]]] = [
        (CustomerEventKind.ASKED_FOR_HUMAN, "", _ASK_HUMAN),
        *((CustomerEventKind.DISCLOSED_VULNERABILITY, k, v) for k, v in _VULNERABLE.items()),
        *((CustomerEventKind.THREATENED, k, v) for k, v in _THREAT.items()),
        (CustomerEventKind.GAVE_UP, "", _GAVE_UP),
    ]
    # One alternation per family: one regex pass per family, not per phrasing.
    # ^ and $ mean a sentence's ends: the text is searched one sentence per line.
    # Branches: a message without any word a family requires skips its regex (most do),
    # and one that has some runs only the phrasings it can match.
    return [(kind, detail, Branches(patterns, re.MULTILINE)) for kind, detail, patterns in table]


def _found(pattern: Branches, lines: str) -> bool:
    """A match not right after a negation in its own sentence (``lines``: one per line)."""
    for match in pattern.finditer(lines):
        start = lines.rfind("\n", 0, match.start()) + 1
        if _NEGATION.search(lines, start, match.start()) is None:
            return True
    return False


@lru_cache(maxsize=4096)  # a turn is read by several checks, then once more for its events
def read_words(text: str, offered: bool = False) -> tuple[CustomerEvent, ...]:
    """The word-based events in one customer message, in a fixed order.

    A threat to leave in a message that gives up is the leaving itself, not leverage: it is
    read as giving up only ("Forget it, I'll take my business elsewhere"). ``offered``: the
    agent's last reply offered a person, so "Yes please" accepts one (asks for a human).

    Example:
        >>> [e.detail for e in read_words("If this isn't fixed today I'm cancelling my account.")]
        ['cancel']
        >>> read_words("I want to cancel my contract.")
        ()
    """
    folded = fold(text)
    lines = "\n".join(s.strip() for s in _SENTENCE.findall(folded) if s.strip())
    found = [(kind, detail) for kind, detail, pattern in _compiled() if _found(pattern, lines)]
    asked = any(kind is CustomerEventKind.ASKED_FOR_HUMAN for kind, _ in found)
    if offered and not asked and _ACCEPTS.match(folded):
        found.insert(0, (CustomerEventKind.ASKED_FOR_HUMAN, ""))
    if any(kind is CustomerEventKind.GAVE_UP for kind, _ in found):
        found = [(k, d) for k, d in found if not (k is CustomerEventKind.THREATENED and d == "cancel")]
    return tuple(CustomerEvent(kind=kind, detail=detail) for kind, detail in found)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every literal word (4+ letters) the phrase families look for."""
    sources = [*_ASK_HUMAN, *_GAVE_UP, *(p for v in _VULNERABLE.values() for p in v),
               *(p for v in _THREAT.values() for p in v)]
    return frozenset(w for p in sources for w in re.findall(r"[a-z]{4,}", p))


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one deletion, insertion, substitution or swap."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def untypo(text: str) -> str:
    """``text`` folded, each word one typo away from a word the families look for replaced
    by it ("hmuan" -> "human"). Used only to confirm what a simulator flagged.

    Example:
        >>> untypo("Can I talk to a hmuan?")
        'can i talk to a human?'
    """
    vocabulary = _vocabulary()

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or word in vocabulary:
            return word
        return next((v for v in sorted(vocabulary) if _one_edit(word, v)), word)

    return re.sub(r"[a-z]+", fix, fold(text))


def _key(event: CustomerEvent) -> tuple[CustomerEventKind, str]:
    # A disclosure is about one vulnerability; the other word kinds are one event each.
    detail = event.detail if event.kind is CustomerEventKind.DISCLOSED_VULNERABILITY else ""
    return event.kind, detail


def reconcile(
    text: str, flagged: Sequence[CustomerEvent], disclosed: Collection[str] = (),
    offered: bool = False,
) -> tuple[list[CustomerEvent], list[str]]:
    """The events of one customer turn, where the words decide the word kinds.

    ``flagged``: what the simulator said the turn did; ``disclosed``: vulnerabilities the
    customer disclosed in earlier turns (a repeat is not a new disclosure); ``offered``: the
    agent's last reply offered a person (see ``read_words``). Returns the
    events (the simulator's order kept where it agrees with the text) and one line per
    disagreement, e.g. ``"flagged asked_for_human, the words do not say it"``.

    Example:
        >>> from golive.results.models import CustomerEvent as E, CustomerEventKind as K
        >>> events, faults = reconcile("Fine, whatever, thanks.", [E(kind=K.ASKED_FOR_HUMAN)])
        >>> events, faults
        ([], ['flagged asked_for_human, but the words do not say it'])
    """
    found = read_words(text, offered)
    missing = {_key(e) for e in flagged if e.kind in WORD_KINDS} - {_key(e) for e in found}
    if missing:  # what the words lack, read again forgiving one typo a word ("hmuan")
        found = tuple(dict.fromkeys([*found, *(e for e in read_words(untypo(text), offered)
                                               if _key(e) in missing)]))
    read = [e for e in found
            if not (e.kind is CustomerEventKind.DISCLOSED_VULNERABILITY and e.detail in disclosed)]
    by_key = {_key(e): e for e in read}
    events: list[CustomerEvent] = []
    problems: list[str] = []
    for event in flagged:
        if event.kind not in WORD_KINDS:
            events.append(event)
        elif _key(event) in by_key:
            events.append(by_key.pop(_key(event)))  # the text's detail (which threat) wins
        elif not (event.kind is CustomerEventKind.DISCLOSED_VULNERABILITY
                  and event.detail in disclosed):
            name = f"{event.kind.value}{f' ({event.detail})' if event.detail else ''}"
            problems.append(f"flagged {name}, but the words do not say it")
    for event in by_key.values():
        name = f"{event.kind.value}{f' ({event.detail})' if event.detail else ''}"
        problems.append(f"the words say {name}, but it was not flagged")
        events.append(event)
    return events, problems

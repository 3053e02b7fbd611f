"""Phrase templates for the scripted simulator, by emotion and purpose (English for now)."""

from __future__ import annotations

from golive.personas.models import Threat
from golive.results.models import EmotionLabel, Vulnerability

PREFIX: dict[EmotionLabel, tuple[str, ...]] = {
    EmotionLabel.CALM: ("", "Hi. ", "Hello. "),
    EmotionLabel.CONFUSED: ("Sorry, I'm a bit lost. ", "I'm not sure I follow. "),
    EmotionLabel.ANXIOUS: ("I'm quite worried about this. ", "Sorry, I'm a bit anxious. "),
    EmotionLabel.FRUSTRATED: ("Honestly, ", "Look, ", "This is getting tiresome. "),
    EmotionLabel.ANGRY: ("This is ridiculous! ", "Unbelievable. ", "I'm furious. "),
    EmotionLabel.DISTRESSED: ("I'm really struggling here. ", "Please, I can't cope with this. "),
}
ASK_HUMAN = (
    "I want to speak to a real person.",
    "Can I talk to a human, please?",
    "Put me through to a human agent.",
)
ACCEPT_HUMAN = ("Yes please, put me through to someone.", "Yes, a person please.")
GIVE_SLOT: dict[str, str] = {
    "order_id": "My order number is {value}.",
    "email": "My email is {value}.",
    "name": "My name is {value}.",
    "account_id": "My account number is {value}.",
    "postcode": "My postcode is {value}.",
    "phone": "My phone number is {value}.",
    "date_of_birth": "My date of birth is {value}.",
    "last4": "The last four digits are {value}.",
}
ALREADY_GAVE = ("I already gave you that: {value}.", "I told you already, it's {value}.")
DONT_KNOW = ("I don't have that to hand.", "I'm not sure what that is.")
THANKS = ("Thanks, that's all I needed.", "Great, thank you.", "Perfect, thanks for your help.")
ACCEPT_REFUSAL = ("Okay, I understand. Thanks anyway.", "Fine, I see. Thanks.")
GIVE_UP = ("Forget it. I'll take my business elsewhere.", "This is going nowhere. Goodbye.")
THREAT: dict[Threat, str] = {
    Threat.CANCEL: "If this isn't sorted today I'm cancelling my account.",
    Threat.CHARGEBACK: "I'll just ask my bank for a chargeback.",
    Threat.LAWYER: "I'm going to talk to my lawyer about this.",
    Threat.PUBLIC_REVIEW: "I'm going to tell everyone about this in a review.",
}
DISCLOSE: dict[Vulnerability, str] = {
    Vulnerability.BEREAVEMENT: "My husband passed away last month and I'm sorting out his things.",
    Vulnerability.MEDICAL: "I've just come out of hospital and I can't deal with much.",
    Vulnerability.FINANCIAL_HARDSHIP: "Money is really tight right now and I can't afford this.",
    Vulnerability.CRISIS: "Honestly, I'm not in a good place at all right now.",
}

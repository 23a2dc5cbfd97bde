"""What the public may read of a published appeal's words: IINs, phone numbers and e-mail
addresses (`portal.masking`), the citizen's own name wherever they typed it, and the words the
moderator hid. The citizen's subject and text are stored masked (`Publication.public_*`); the
agency's answers are masked the same way when they are shown."""

from __future__ import annotations

from collections.abc import Sequence

from portal.masking import mask_names, mask_personal_data, mask_phrases


def mask_for_register(text: str, *, citizen_name: str, hidden_phrases: Sequence[str] = ()) -> str:
    """`text` as the register shows it, with language-neutral tokens (render with
    `portal.masking.render_masked` or `plain_masked`)."""
    masked = mask_names(mask_personal_data(text), citizen_name)
    return mask_phrases(masked, list(hidden_phrases))

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Immutable, strict-field model: what one stage hands to the next."""

    model_config = ConfigDict(frozen=True, extra="forbid")

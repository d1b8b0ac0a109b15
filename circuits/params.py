"""Parameter types shared by primitives, with the ranges every size must respect."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

#: Largest register width qdl accepts. Counting is size-independent; building is limited
#: separately (see qdl.passes.build), so this only rejects nonsense.
MAX_BITS = 1 << 24

Bits = Annotated[int, Field(ge=1, le=MAX_BITS, description="register width in bits")]

"""/api/v1/me: who is reading — a token's unit, purpose and expiry, or the signed-in person — so that a program
can check its token, and see when it must be renewed, without reading anything else."""

from datetime import datetime

from django.conf import settings
from ninja import Router
from pydantic import BaseModel, Field

from ..answers import answered
from ..auth import TokenPrincipal

router = Router(tags=["Người đọc"])


class ReaderOut(BaseModel):
    kind: str = Field(description="token: một mã truy cập; user: một người đã đăng nhập")
    name: str = Field(description="Phần đầu của mã (dtn_…) hoặc tên đăng nhập")
    unit_id: int | None = Field(description="Đơn vị mà mã đọc như văn phòng của nó; rỗng với người đăng nhập.")
    purpose: str = Field(description="Mục đích ghi khi tạo mã")
    expires_at: datetime | None = Field(description="Mã hết hạn lúc này (ISO 8601)")
    requests_per_minute: int = Field(description="Số yêu cầu tối đa mỗi phút")


@router.get("/me", url_name="api_me", response=ReaderOut, summary="Ai đang đọc")
@answered
def reader(request):
    principal = request.auth
    if isinstance(principal, TokenPrincipal):
        kind, unit_id, purpose, expires_at = "token", principal.unit_id, principal.purpose, principal.expires_at
    else:
        kind, unit_id, purpose, expires_at = "user", None, "", None
    return {
        "kind": kind,
        "name": str(principal) if kind == "token" else principal.get_username(),
        "unit_id": unit_id,
        "purpose": purpose,
        "expires_at": expires_at,
        "requests_per_minute": settings.API_REQUESTS_PER_MINUTE,
    }

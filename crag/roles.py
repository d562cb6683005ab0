"""The seven roles of DESIGN.md section 1 (contract names: Django group names)."""

PARTNERSHIP_ADMIN = "Partnership admin"
CRAG_CHAIR = "CRAG chair"
CRAG_MEMBER = "CRAG member"
INDEPENDENT_REVIEWER = "Independent reviewer"
BUSINESS_GROUP = "Business group"
AGENCY_ACTION_LEAD = "Agency action lead"
BOARD_MEMBER = "Board member"

ALL_ROLES: tuple[str, ...] = (
    PARTNERSHIP_ADMIN,
    CRAG_CHAIR,
    CRAG_MEMBER,
    INDEPENDENT_REVIEWER,
    BUSINESS_GROUP,
    AGENCY_ACTION_LEAD,
    BOARD_MEMBER,
)

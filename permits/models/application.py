"""The application (申请单) for both directions and its goods."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from permits import access
from permits.models.choices import CollectionMethod, Direction, Purpose
from permits.workflow.states import Status


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications `user` may see (permits.access.scope: the same conditions as
        access.in_scope); nothing for anyone else."""
        condition = access.scope_q(user)
        return self.none() if condition is None else self.filter(condition)


class Application(models.Model):
    """A permit application; `status` is written only by permits.workflow.transition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    direction = models.CharField(_("进出口"), max_length=6, choices=Direction.choices)
    application_no = models.CharField(_("申请单号"), max_length=20, unique=True)
    permit_no = models.CharField(_("证书编号"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=1)

    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="applications"
    )
    applicant_uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    applicant_name = models.CharField(_("单位名称"), max_length=200)
    applicant_name_en = models.CharField(_("单位名称（英文）"), max_length=300, blank=True)
    applicant_address_en = models.CharField(_("单位地址（英文）"), max_length=500, blank=True)

    counterparty_name = models.CharField(_("对方单位名称"), max_length=300, blank=True)
    counterparty_address = models.CharField(_("对方单位地址"), max_length=500, blank=True)
    counterparty_country = models.CharField(_("国家/地区"), max_length=3, blank=True)

    approval_department = models.ForeignKey(
        "reference.Department",
        to_field="code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("审批部门"),
    )
    is_agent = models.BooleanField(_("是否代理"), null=True, blank=True)
    principal_uscc = models.CharField(_("委托人统一社会信用代码"), max_length=18, blank=True)
    principal_name = models.CharField(_("委托企业名称"), max_length=200, blank=True)
    purpose = models.CharField(_("用途"), max_length=30, choices=Purpose.choices, blank=True)
    collection_method = models.CharField(
        _("领取方式"), max_length=10, choices=CollectionMethod.choices, blank=True
    )
    mail_address = models.CharField(_("邮寄地址"), max_length=300, blank=True)
    port_1 = models.CharField(_("口岸1"), max_length=40, blank=True)
    port_2 = models.CharField(_("口岸2"), max_length=40, blank=True)
    customs_district_1 = models.CharField(_("关区1"), max_length=4, blank=True)
    customs_district_2 = models.CharField(_("关区2"), max_length=4, blank=True)
    contract_no = models.CharField(_("合同号"), max_length=60, blank=True)
    importing_country_permit_no = models.CharField(_("进口国准许证号"), max_length=60, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    remarks = models.TextField(_("备注"), max_length=1000, blank=True)

    issue_date = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    verification_code = models.CharField(max_length=32, blank=True)
    written_off_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The statutory clock (permits.timing.clock): when it last stopped or paused, and while it runs
    # the date the decision is due; kept by the transition and by calendar edits.
    clock_stopped_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_due = models.DateField(_("决定期限"), null=True, blank=True, editable=False)
    # The drug of its goods: every item shares the first one's (rules.GOODS_LOCKED). Kept by
    # the goods services so that 查询 filters by drug from this row's index, not from goods.
    drug_name = models.CharField(
        _("药物名称"), max_length=200, blank=True, editable=False, default="", db_default=""
    )

    # 复制: the number of the application this draft was copied from (its attachments were
    # not copied; the page says so).
    copied_from_no = models.CharField(
        _("复制自"), max_length=20, blank=True, editable=False, default="", db_default=""
    )

    # Set by the database on every write of the row or of a row it shows, whatever wrote it
    # (permits.tags.change_stamps): the tags of its detail and of its scope's lists digest it.
    stamp = models.BigIntegerField(default=0, db_default=0, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("申请单")
        verbose_name_plural = _("申请单")
        indexes = [
            # 查询 (selectors.application_query): an enterprise's rows newest first, with every
            # filtered column in the key, so that filters, OFFSET and the capped count are
            # answered from the index alone (index-only scans; SQLite has no INCLUDE).
            models.Index(
                fields=[
                    "enterprise",
                    "-created_at",
                    "-id",
                    "status",
                    "direction",
                    "submitted_at",
                    "approval_department",
                    "application_no",
                    "permit_no",
                    "drug_name",
                    "written_off_at",
                ],
                name="app_ent_query",
            ),
            models.Index(
                fields=["enterprise", "status", "-created_at", "-id"], name="app_ent_status"
            ),
            models.Index(
                fields=["approval_department", "status", "-submitted_at"], name="app_dept_queue"
            ),
            # The approver's queues of several statuses (全部, 已办结), newest first.
            models.Index(
                fields=["approval_department", "-submitted_at", "-id", "status"],
                name="app_dept_recent",
            ),
            # The approver's queue, most urgent first.
            models.Index(
                fields=["approval_department", "status", "decision_due", "submitted_at"],
                name="app_dept_due",
            ),
            # The newest stamp of a scope (permits.tags.list_tags), one index probe each.
            models.Index(fields=["enterprise", "-stamp"], name="app_ent_stamp"),
            models.Index(fields=["approval_department", "-stamp"], name="app_dept_stamp"),
        ]

    def __str__(self) -> str:
        return self.application_no


class Goods(models.Model):
    """One item (商品信息) of an application; 1 to 4 per application."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="goods")
    seq = models.PositiveSmallIntegerField(_("序号"))
    hs_code = models.CharField(_("商品编码"), max_length=10)
    drug_name = models.CharField(_("药物名称"), max_length=200)
    drug_name_en = models.CharField(_("药物名称（英文）"), max_length=200)
    dosage_form = models.CharField(_("剂型"), max_length=60)
    dosage_form_en = models.CharField(_("剂型（英文）"), max_length=100)
    specification = models.CharField(_("规格"), max_length=100)
    quantity = models.DecimalField(_("数量"), max_digits=15, decimal_places=3)
    unit = models.CharField(_("单位"), max_length=20)
    manufacturer = models.CharField(_("生产厂商"), max_length=300)
    origin_country = models.CharField(_("生产国/地区"), max_length=3)
    # What the catalogue recognises in the drug's names (reference.substances), set by the
    # goods services at every save: the substance's name, its category, whether biological.
    substance = models.CharField(_("识别的物质"), max_length=100, blank=True, db_default="")
    category = models.CharField(_("类别"), max_length=20, blank=True, db_default="")
    biological = models.BooleanField(_("生物制品"), db_default=False, default=False)

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["application", "seq"], name="goods_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.drug_name}"

"""The application (申请单) for both directions, its goods and its status history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from permits.workflow import Status


class Direction(models.TextChoices):
    IMPORT = "import", _("进口")
    EXPORT = "export", _("出口")


class Purpose(models.TextChoices):
    MEDICAL = "medical", _("医疗")
    TEACHING_RESEARCH = "teaching_research", _("教学、科研")
    CONTRACT_MANUFACTURING = "contract_manufacturing", _("接受境外企业委托生产")


class CollectionMethod(models.TextChoices):
    MAIL = "mail", _("邮寄")
    ONSITE = "onsite", _("现场领取")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications a user may see: their enterprise's, or their department's submitted
        ones; nothing for anyone else (access is decided here, once)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_enterprise_user and user.enterprise_id:
            return self.filter(enterprise_id=user.enterprise_id)
        if user.is_approver and user.department_id:
            return self.filter(approval_department_id=user.department.code).exclude(
                status=Status.DRAFT
            )
        return self.none()


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
        "reference.Department", to_field="code", on_delete=models.PROTECT,
        null=True, blank=True, related_name="applications", verbose_name=_("审批部门"),
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
    # The drug of its goods: every item shares the first one's (rules.GOODS_LOCKED). Kept by
    # the goods services so that 查询 filters by drug from this row's index, not from goods.
    drug_name = models.CharField(
        _("药物名称"), max_length=200, blank=True, editable=False, default="", db_default=""
    )

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
                    "enterprise", "-created_at", "-id", "status", "direction", "submitted_at",
                    "approval_department", "application_no", "permit_no", "drug_name",
                ],
                name="app_ent_query",
            ),
            models.Index(
                fields=["enterprise", "status", "-created_at", "-id"], name="app_ent_status"
            ),
            models.Index(
                fields=["approval_department", "status", "-submitted_at"], name="app_dept_queue"
            ),
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

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["application", "seq"], name="goods_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.drug_name}"


class StatusChange(models.Model):
    """Append-only record of every status change: who, when, from, to, why."""

    id = models.BigAutoField(primary_key=True)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="history"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Counter(models.Model):
    """Named sequences for numbers; incremented inside the caller's transaction, so a rolled
    back approval gives its permit number back (no gaps)."""

    key = models.CharField(max_length=60, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Attachment(models.Model):
    """The PDF in one attachment slot (附件) of an application; one file per slot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    type = models.CharField(_("附件类型"), max_length=40)
    original_name = models.CharField(_("文件名"), max_length=255)
    storage_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [
            models.UniqueConstraint(fields=["application", "type"], name="one_file_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.type}: {self.original_name}"


class AuditEvent(models.Model):
    """Append-only record of what was done to an application besides status changes: saves,
    goods, uploads, deletions and every document download."""

    id = models.BigAutoField(primary_key=True)
    application_id = models.UUIDField(db_index=True)
    application_no = models.CharField(max_length=20)
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_no} {self.action}"


class CorrectionItem(models.Model):
    """One attachment the approver asked to correct (补正材料), with the opinion on it; tied to
    the request_correction status change that asked for it."""

    id = models.BigAutoField(primary_key=True)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="correction_items"
    )
    status_change = models.ForeignKey(
        StatusChange, on_delete=models.CASCADE, related_name="correction_items"
    )
    attachment_type = models.CharField(max_length=40)
    opinion = models.TextField()

    class Meta:
        verbose_name = _("补正项")
        verbose_name_plural = _("补正项")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.attachment_type}: {self.opinion[:30]}"


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    NON_ACCEPTANCE = "non_acceptance", _("不予受理通知书")
    CORRECTION = "correction", _("补正材料通知书")
    APPROVAL = "approval", _("准予许可决定书")
    REJECTION = "rejection", _("不予许可决定书")
    VOIDING = "voiding", _("作废通知")


class Notice(models.Model):
    """A notice (通知书) issued by a status change, stored as a PDF with its SHA-256; its
    content never changes after issue (行政许可法: decisions are served in writing)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    status_change = models.OneToOneField(
        StatusChange, on_delete=models.CASCADE, related_name="notice"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind.choices)
    number = models.CharField(_("文书编号"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("签发时间"))
    storage_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("通知书")
        verbose_name_plural = _("通知书")
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return self.number

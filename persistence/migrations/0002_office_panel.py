from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CompanyBankAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', db_constraint=True, to_field='id', related_name='bank_accounts', on_delete=OnDelete.CASCADE)),
                ('number', fields.CharField(max_length=34)),
                ('label', fields.CharField(default='', max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'company_bank_accounts', 'app': 'models', 'unique_together': (('company', 'number'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CompanyStatusInterval',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', db_constraint=True, to_field='id', related_name='status_intervals', on_delete=OnDelete.CASCADE)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'company_status_intervals', 'app': 'models', 'indexes': [Index(fields=['company_id', 'started_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StaffAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('staff_user', fields.ForeignKeyField('models.StaffUser', source_field='staff_user_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.CASCADE)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'staff_assignments', 'app': 'models', 'unique_together': (('staff_user', 'company'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Company',
            name='address',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
        ops.AddField(
            model_name='Company',
            name='email',
            field=fields.CharField(default='', db_default='', max_length=254),
        ),
        ops.AddField(
            model_name='Company',
            name='internal_note',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Company',
            name='invoice_module',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Company',
            name='phone',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddField(
            model_name='Company',
            name='regon',
            field=fields.CharField(default='', db_default='', max_length=14),
        ),
        ops.AddField(
            model_name='Company',
            name='tax_form',
            field=fields.CharField(default='skala', db_default='skala', max_length=20),
        ),
        ops.AddField(
            model_name='Company',
            name='vat_period',
            field=fields.CharField(default='monthly', db_default='monthly', max_length=20),
        ),
        ops.AddField(
            model_name='Company',
            name='zus_account',
            field=fields.CharField(default='', db_default='', max_length=26),
        ),
        ops.AddField(
            model_name='Company',
            name='zus_payer',
            field=fields.IntField(default=20, db_default=20),
        ),
        ops.AddField(
            model_name='Office',
            name='logo_path',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_host',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_mode',
            field=fields.CharField(default='platform', db_default='platform', max_length=10),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_password_encrypted',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_port',
            field=fields.IntField(default=587, db_default=587),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_security',
            field=fields.CharField(default='starttls', db_default='starttls', max_length=10),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_sender',
            field=fields.CharField(default='', db_default='', max_length=254),
        ),
        ops.AddField(
            model_name='Office',
            name='smtp_username',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_office_panel')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApprovalRuleRow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office', fields.ForeignKeyField('models.Office', source_field='office_id', db_constraint=True, to_field='id', related_name='approval_rules', on_delete=OnDelete.CASCADE)),
                ('data_type', fields.CharField(max_length=12)),
                ('mode', fields.CharField(default='manual', max_length=12)),
                ('day_of_month', fields.IntField(default=1)),
                ('hour', fields.IntField(default=8)),
                ('last_run_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'approval_rules', 'app': 'models', 'unique_together': (('office', 'data_type'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Entry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.CASCADE)),
                ('office_id', fields.IntField()),
                ('data_type', fields.CharField(max_length=12)),
                ('natural_key', fields.CharField(max_length=300)),
                ('period', fields.CharField(max_length=7)),
                ('year', fields.IntField()),
                ('values_json', fields.TextField(unique=False)),
                ('sent_json', fields.TextField(null=True, unique=False)),
                ('waiting', fields.BooleanField(default=True)),
                ('source', fields.CharField(max_length=10)),
                ('batch_ref', fields.CharField(null=True, max_length=64)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_by_id', fields.IntField(null=True)),
                ('sent_by_name', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'entries', 'app': 'models', 'unique_together': (('company', 'data_type', 'natural_key'),), 'indexes': [Index(fields=['company_id', 'data_type', 'year']), Index(fields=['office_id', 'waiting'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SyncBatch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office', fields.ForeignKeyField('models.Office', source_field='office_id', db_constraint=True, to_field='id', related_name='sync_batches', on_delete=OnDelete.CASCADE)),
                ('batch_id', fields.CharField(max_length=64)),
                ('content_hash', fields.CharField(max_length=64)),
                ('token_id', fields.IntField(null=True)),
                ('program', fields.CharField(default='', max_length=100)),
                ('agent', fields.CharField(default='', max_length=100)),
                ('records', fields.IntField(default=0)),
                ('payload', fields.BinaryField()),
                ('status', fields.CharField(default='queued', max_length=12)),
                ('summary', fields.TextField(default='{}', unique=False)),
                ('errors', fields.TextField(default='[]', unique=False)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sync_batches', 'app': 'models', 'unique_together': (('office', 'batch_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SyncToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office', fields.ForeignKeyField('models.Office', source_field='office_id', db_constraint=True, to_field='id', related_name='sync_tokens', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('hint', fields.CharField(max_length=12)),
                ('created_by_name', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sync_tokens', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Company',
            name='external_id',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
    ]

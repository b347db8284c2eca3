from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_entries_and_sync')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client_user_id', fields.IntField()),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'calendar_feeds', 'app': 'models', 'indexes': [Index(fields=['client_user_id', 'revoked_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reminder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('entry', fields.ForeignKeyField('models.Entry', source_field='entry_id', db_constraint=True, to_field='id', related_name='reminders', on_delete=OnDelete.CASCADE)),
                ('company_id', fields.IntField()),
                ('client_user_id', fields.IntField()),
                ('day', fields.DateField()),
                ('kind', fields.CharField(max_length=10)),
                ('channel', fields.CharField(default='email', max_length=10)),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'reminders', 'app': 'models', 'unique_together': (('entry', 'client_user_id', 'day'),), 'indexes': [Index(fields=['company_id', 'sent_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatementPdf',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', db_constraint=True, to_field='id', related_name='statement_pdfs', on_delete=OnDelete.CASCADE)),
                ('scope', fields.CharField(max_length=7)),
                ('data_hash', fields.CharField(max_length=64)),
                ('file_key', fields.CharField(default='', max_length=300)),
                ('status', fields.CharField(default='pending', max_length=12)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'statement_pdfs', 'app': 'models', 'unique_together': (('company', 'scope', 'data_hash'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Entry',
            name='paid_by_name',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Entry',
            name='paid_marked_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Entry',
            name='paid_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Office',
            name='reminder_days',
            field=fields.IntField(default=3, db_default=3),
        ),
    ]

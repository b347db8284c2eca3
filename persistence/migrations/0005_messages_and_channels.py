from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_client_portal')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FailingAddress',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office_id', fields.IntField()),
                ('address', fields.CharField(max_length=254)),
                ('error', fields.TextField(default='', unique=False)),
                ('email_id', fields.IntField(null=True)),
                ('failed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'failing_addresses', 'app': 'models', 'unique_together': (('office_id', 'address'),), 'pk_attr': 'id', 'table_description': 'An e-mail address a server refused for good (5xx), shown in red until fixed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Message',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office_id', fields.IntField()),
                ('thread_id', fields.IntField(null=True)),
                ('company_id', fields.IntField(null=True)),
                ('kind', fields.CharField(max_length=12)),
                ('author_kind', fields.CharField(max_length=10)),
                ('author_id', fields.IntField()),
                ('author_name', fields.CharField(default='', max_length=200)),
                ('subject', fields.CharField(max_length=300)),
                ('body', fields.TextField(unique=False)),
                ('audience', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('status', fields.CharField(default='sending', max_length=12)),
                ('recipients_total', fields.IntField(default=0)),
                ('recipients_done', fields.IntField(default=0)),
                ('idempotency_key', fields.CharField(null=True, unique=True, max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'messages', 'app': 'models', 'indexes': [Index(fields=['office_id', 'created_at']), Index(fields=['thread_id']), Index(fields=['company_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One message: a broadcast from the office, or a post in a thread with one company.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MessageAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('message', fields.ForeignKeyField('models.Message', source_field='message_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('file_key', fields.CharField(max_length=300)),
            ],
            options={'table': 'message_attachments', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MessageRecipient',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('message', fields.ForeignKeyField('models.Message', source_field='message_id', db_constraint=True, to_field='id', related_name='recipients', on_delete=OnDelete.CASCADE)),
                ('office_id', fields.IntField()),
                ('company_id', fields.IntField()),
                ('user_kind', fields.CharField(default='client', max_length=10)),
                ('user_id', fields.IntField()),
                ('channels', fields.CharField(default='', max_length=30)),
                ('email_id', fields.IntField(null=True)),
                ('sms_id', fields.IntField(null=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reminded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'message_recipients', 'app': 'models', 'unique_together': (('message', 'company_id', 'user_kind', 'user_id'),), 'indexes': [Index(fields=['user_kind', 'user_id', 'read_at']), Index(fields=['office_id', 'company_id'])], 'pk_attr': 'id', 'table_description': 'One person of one company who gets a message, with the channels used and the receipt.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office_id', fields.IntField()),
                ('company_id', fields.IntField(default=0)),
                ('client_user_id', fields.IntField(default=0)),
                ('event_type', fields.CharField(max_length=30)),
                ('channel', fields.CharField(max_length=10)),
                ('enabled', fields.BooleanField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'notification_preferences', 'app': 'models', 'unique_together': (('office_id', 'company_id', 'client_user_id', 'event_type', 'channel'),), 'pk_attr': 'id', 'table_description': 'Whether an event type goes out on a channel.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SmsLog',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('office_id', fields.IntField()),
                ('company_id', fields.IntField(null=True)),
                ('client_user_id', fields.IntField(null=True)),
                ('event_type', fields.CharField(default='', max_length=30)),
                ('to_number', fields.CharField(max_length=16)),
                ('body', fields.TextField(unique=False)),
                ('encoding', fields.CharField(default='GSM-7', max_length=6)),
                ('parts', fields.IntField(default=1)),
                ('status', fields.CharField(default='queued', max_length=12)),
                ('gateway_id', fields.CharField(default='', max_length=100)),
                ('points', fields.DecimalField(null=True, max_digits=10, decimal_places=4)),
                ('tries', fields.IntField(default=0)),
                ('error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sms_log', 'app': 'models', 'indexes': [Index(fields=['office_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ClientUser',
            name='sms_consent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Notification',
            name='event_type',
            field=fields.CharField(default='', db_default='', max_length=30),
        ),
        ops.AddField(
            model_name='Office',
            name='message_reminder_days',
            field=fields.IntField(default=3, db_default=3),
        ),
        ops.AddField(
            model_name='Office',
            name='sms_base_url',
            field=fields.CharField(default='https://api.smsapi.pl/', db_default='https://api.smsapi.pl/', max_length=200),
        ),
        ops.AddField(
            model_name='Office',
            name='sms_enabled',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Office',
            name='sms_points_per_part',
            field=fields.DecimalField(default='0.1600', db_default='0.1600', max_digits=8, decimal_places=4),
        ),
        ops.AddField(
            model_name='Office',
            name='sms_sender',
            field=fields.CharField(default='', db_default='', max_length=11),
        ),
        ops.AddField(
            model_name='Office',
            name='sms_token_encrypted',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Office',
            name='sms_transliterate',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name='OutboxEmail',
            name='attachments',
            field=fields.JSONField(default=list, db_default='[]', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='OutboxEmail',
            name='bounced_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='OutboxEmail',
            name='smtp_code',
            field=fields.IntField(null=True),
        ),
    ]

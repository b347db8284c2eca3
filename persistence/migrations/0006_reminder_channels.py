from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class WidenOutsideSqlite(ops.AlterField):
    """SQLite ignores a VARCHAR's length, and tortoise alters a SQLite column by rebuilding
    the table, which drops its unique constraint and index: there only the state changes."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.client.capabilities.dialect == "sqlite":
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0005_messages_and_channels')]

    initial = False

    # Renamed and widened in place (not added and removed); the old single value "email" is a
    # valid channel list as it is.
    operations = [
        ops.RenameField(model_name='Reminder', old_name='channel', new_name='channels'),
        WidenOutsideSqlite(
            model_name='Reminder',
            name='channels',
            field=fields.CharField(default='email', max_length=30),
        ),
    ]

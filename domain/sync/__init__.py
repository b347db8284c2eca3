"""The sync API's business side: tokens, batches and their ingestion."""

"""Scheduled audits: history, confirmation of failures and change reports."""

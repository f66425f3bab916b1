"""gongkai (公开): government information disclosure platform."""

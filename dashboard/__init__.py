"""The top floor: the dashboard and the navigation read every app; nothing reads them."""

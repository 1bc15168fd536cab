"""What ``build_installer.py`` writes for each platform, apart from the PyInstaller run.

Generating these files is pure (text and bytes from the version and paths), so their
content is tested on any platform; only running the platform's tools (Inno Setup,
``hdiutil``, ``signtool``, ``codesign``) needs that platform.
"""

"""The blog's own Python code: Pelican plugins (`blog.plugins`), the content linter
(`blog.linter`, behind `invoke check`) and the live-preview development server
(`blog.devserver`, behind `invoke livereload`)."""

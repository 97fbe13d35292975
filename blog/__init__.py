"""The blog's own Python code: Pelican plugins (`blog.plugins`), the content rules
(`blog.content_rules`, behind `invoke check`) and the live-preview development server
(`blog.devserver`, behind `invoke livereload`)."""

#!/usr/bin/perl
# hanging.pl FILE.xhtml... - the text of each item of a hanging list (the
# EPUB's ul.hanging, a chapter with "lists: hanging": ragged by design in
# both outputs, src/doc/node.c ov_list_hangs), one item a line, without
# whitespace, entities decoded and each formula as "$" its alttext "$",
# as the PDF's /ActualText gives it; so that a test reading the PDF with
# pdftotext can tell the lines of such a list (their text, without
# whitespace, is part of one item's) from justified text.
use strict;
use warnings;

my @items;
for my $file (@ARGV) {
	open(my $fh, '<:raw', $file) or die "$file: $!\n";
	local $/;
	my $x = <$fh>;
	close $fh;
	$x =~ s{<math\b[^>]*\balttext="([^"]*)"[^>]*>.*?</math>}{\$$1\$}gs;
	my @lists;	# the lists open around the text read: 1 for a hanging one
	my @open;	# the items open: their text so far, undef outside a hanging list
	for my $t (split /(<[^>]*>)/, $x) {
		if ($t =~ /^<(?:ul|ol|dl)\b/) {
			push @lists, ($t =~ /\bclass="(?:hanging|glossary)"/ ? 1 : 0);
		} elsif ($t =~ m{^</(?:ul|ol|dl)>}) {
			pop @lists;
		} elsif ($t =~ /^<dt\b/) {
			# a glossary's term and definition (the EPUB's dl, src/epub/
			# xhtml.c): one item, "Term:" and the definition, as printed
			push @open, (@lists && $lists[-1] ? '' : undef);
		} elsif ($t =~ m{^</dt>}) {
			defined and $_ .= ':' for $open[-1];
		} elsif ($t =~ m{^</dd>}) {
			my $item = pop @open;
			push @items, $item if defined $item;
		} elsif ($t =~ /^<li\b/) {
			push @open, (@lists && $lists[-1] ? '' : undef);
		} elsif ($t =~ m{^</li>}) {
			my $item = pop @open;
			push @items, $item if defined $item;
		} elsif ($t !~ /^</) {
			defined and $_ .= $t for @open;
		}
	}
}
for (@items) {
	s/&lt;/</g;
	s/&gt;/>/g;
	s/&quot;/"/g;
	s/&apos;/'/g;
	s/&#160;|&#xa0;//gi;
	s/&amp;/&/g;
	s/\xc2\xa0//g;	# U+00A0 (ties), as UTF-8
	s/\s+//g;
	print "$_\n";
}

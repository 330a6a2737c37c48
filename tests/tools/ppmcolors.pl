#!/usr/bin/perl
# ppmcolors.pl FILE.ppm NAME=R,G,B ... - for each colour, the pixels of a
# binary PPM (P6, 8-bit) within 12 of it on every channel: one line
# "NAME COUNT X0 Y0 X1 Y1" (their bounding box; "NAME 0" when none), so
# that a test can say where a colour was drawn.
use strict;
use warnings;

my $file = shift @ARGV or die "usage: ppmcolors.pl FILE.ppm NAME=R,G,B...\n";
open(my $fh, '<:raw', $file) or die "$file: $!\n";
local $/;
my $data = <$fh>;
close $fh;
$data =~ s/\AP6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s//s or die "$file: not a binary PPM\n";
my ($w, $h, $max) = ($1, $2, $3);
die "$file: not 8-bit\n" unless $max == 255;
my @want;
for my $arg (@ARGV) {
	my ($name, $r, $g, $b) = $arg =~ /^(\w+)=(\d+),(\d+),(\d+)$/ or die "bad colour '$arg'\n";
	push @want, [$name, $r, $g, $b, 0, $w, $h, -1, -1];
}
for my $y (0 .. $h - 1) {
	for my $x (0 .. $w - 1) {
		my ($r, $g, $b) = unpack('C3', substr($data, 3 * ($y * $w + $x), 3));
		for my $c (@want) {
			next if abs($r - $c->[1]) > 12 || abs($g - $c->[2]) > 12 || abs($b - $c->[3]) > 12;
			$c->[4]++;
			$c->[5] = $x if $x < $c->[5];
			$c->[6] = $y if $y < $c->[6];
			$c->[7] = $x if $x > $c->[7];
			$c->[8] = $y if $y > $c->[8];
		}
	}
}
for my $c (@want) {
	print $c->[4] ? "$c->[0] $c->[4] $c->[5] $c->[6] $c->[7] $c->[8]\n" : "$c->[0] 0\n";
}

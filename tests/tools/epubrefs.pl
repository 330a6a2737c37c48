# epubrefs.pl DIR: checks that every in-book href of the XHTML files under
# DIR (an unzipped EPUB's content folder) names a file that is there and,
# after '#', an id of that file (the fragment percent-decoded, as a reading
# system resolves it). Prints each broken one and exits 1 if any; else
# prints the number checked.
use strict; use warnings;
my $dir = shift;
opendir(my $dh, $dir) or die "$dir: $!";
my @files = grep { /\.xhtml$/ } readdir $dh;
my (%ids, %text);
for my $f (@files) {
  open my $fh, "<:raw", "$dir/$f" or die; local $/; $text{$f} = <$fh>;
  $ids{$f} = {};
  $ids{$f}{$1} = 1 while $text{$f} =~ /\sid="([^"]*)"/g;
}
my ($n, $bad) = (0, 0);
for my $f (@files) {
  while ($text{$f} =~ /<a\s[^>]*href="([^"]*)"/g) {
    my $h = $1;
    next if $h =~ /^[a-z][a-z0-9+.-]*:/i;
    my ($file, $frag) = $h =~ /^([^#]*)(?:#(.*))?$/;
    $file = $f if $file eq '';
    $n++;
    if (!exists $ids{$file}) { print "$f: href '$h': no file $file\n"; $bad++; next }
    next unless defined $frag;
    (my $id = $frag) =~ s/%([0-9A-Fa-f]{2})/chr(hex $1)/ge;
    if (!$ids{$file}{$id}) { print "$f: href '$h': no id '$id' in $file\n"; $bad++ }
  }
}
print "$n in-book links checked\n";
exit($bad ? 1 : 0);

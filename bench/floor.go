// Package bench measures reading cost against its floor (SPEC §10): what no
// validator can avoid is unzipping each workbook and tokenising its sheet and
// shared-string XML.
package bench

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Floor unzips one workbook and tokenises its worksheets and shared strings,
// returning the number of XML tokens read.
func Floor(path string) (int, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer zr.Close()
	tokens := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return tokens, fmt.Errorf("open %s in %s: %w", f.Name, path, err)
		}
		dec := xml.NewDecoder(rc)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return tokens, fmt.Errorf("tokenise %s in %s: %w", f.Name, path, err)
			}
			tokens++
		}
		rc.Close()
	}
	return tokens, nil
}

// sdkgen generates the alicloud-keypair SDKs from the package schema with Pulumi's own code generators
// (pkg/v3/codegen/{python,go,nodejs}), at the version of the Pulumi CLI the project builds.
//
// Why a program of our own: `pulumi package gen-sdk` asks the language host to generate, and the hosts the module
// proxy serves here are too old to. The generators themselves are in pkg/v3, which it does serve.
//
// Usage: sdkgen SCHEMA.json OUTDIR   (writes OUTDIR/python, OUTDIR/go, OUTDIR/nodejs)
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-alicloud-keypair sdkgen"

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen SCHEMA.json OUTDIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

// bind reads and validates the schema anew for each language: the generators record language data on the package.
func bind(schemaPath string) (*schema.Package, error) {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

// noReferences loads no other package: the schema references none, so any request is an error.
type noReferences struct{}

func (noReferences) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", pkg)
}

func (noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", d.Name)
}

func (noReferences) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", pkg)
}

func (noReferences) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", d.Name)
}

func write(dir string, files map[string][]byte) error {
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run(schemaPath, out string) error {
	generators := []struct {
		dir      string
		generate func(*schema.Package) (map[string][]byte, error)
	}{
		{"python", func(p *schema.Package) (map[string][]byte, error) {
			return python.GeneratePackage(tool, p, nil, noReferences{})
		}},
		{"go", func(p *schema.Package) (map[string][]byte, error) { return gogen.GeneratePackage(tool, p, nil) }},
		{"nodejs", func(p *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, p, nil, nil, false, noReferences{})
		}},
	}
	for _, g := range generators {
		pkg, err := bind(schemaPath)
		if err != nil {
			return fmt.Errorf("schema: %w", err)
		}
		files, err := g.generate(pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", g.dir, err)
		}
		if err := write(filepath.Join(out, g.dir), files); err != nil {
			return err
		}
	}
	return nil
}

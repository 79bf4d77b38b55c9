// Command kyodo-vcsim serves govmomi's vSphere API simulator for the kyodo lab.
//
// It differs from upstream vcsim in what the lab needs:
//   - the inventory starts empty: kyodo populates it from the source of truth through
//     the API (kyodo.vsphere.populate), so whatever vCenter holds comes from the SoT;
//   - it listens on one fixed loopback address (-listen, default 127.0.0.1:18989);
//   - it serves HTTPS with a 2048-bit certificate signed by a lab CA that it creates
//     in -tls-dir on first start (ca.pem, cert.pem, key.pem; the CA key stays there);
//   - it advertises API 7.0.3.0, as vCenter 7.0U3 does (pyvmomi negotiates the wire
//     version from this exact string: with "7.0.3" or the default 6.5 it falls back to
//     6.0 and drops newer properties, and community.vmware portgroups are not idempotent);
//   - the only accepted login is the one in -credentials (a JSON file
//     {"username": …, "password": …}, mode 0600), never a password on the command line.
//
// Built by kyodo.lab.setup with GOPATH=<private copy of Debian's govmomi>:/usr/share/gocode
// and GO111MODULE=off; no module is downloaded.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func readCredentials(path string) (*url.Userinfo, error) {
	data, err := ioutil.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c credentials
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if c.Username == "" || c.Password == "" {
		return nil, fmt.Errorf("%s: username and password must be set", path)
	}
	return url.UserPassword(c.Username, c.Password), nil
}

func writePEM(path, kind string, der []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	defer f.Close()
	return pem.Encode(f, &pem.Block{Type: kind, Bytes: der})
}

func readPEM(path string) ([]byte, error) {
	data, err := ioutil.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: no PEM block", path)
	}
	return block.Bytes, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		log.Fatal(err)
	}
	return n
}

// ensureCA loads the lab CA from dir, creating it (RSA 2048, 10 years) when missing.
func ensureCA(dir string) (*x509.Certificate, *rsa.PrivateKey, error) {
	certPath, keyPath := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if certDER, err := readPEM(certPath); err == nil {
		keyDER, err := readPEM(keyPath)
		if err != nil {
			return nil, nil, err
		}
		cert, err := x509.ParseCertificate(certDER)
		if err != nil {
			return nil, nil, err
		}
		key, err := x509.ParsePKCS1PrivateKey(keyDER)
		return cert, key, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "kyodo lab CA", Organization: []string{"kyodo lab"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	if err := writePEM(keyPath, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), 0o600); err != nil {
		return nil, nil, err
	}
	if err := writePEM(certPath, "CERTIFICATE", der, 0o644); err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// ensureLeaf returns the server certificate for host, signed by the lab CA (RSA 2048).
// It is re-issued when missing or when it does not cover host.
func ensureLeaf(dir, host string, ca *x509.Certificate, caKey *rsa.PrivateKey) (tls.Certificate, error) {
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if pair, err := tls.LoadX509KeyPair(certPath, keyPath); err == nil {
		leaf, perr := x509.ParseCertificate(pair.Certificate[0])
		if perr == nil && leaf.VerifyHostname(host) == nil && leaf.CheckSignatureFrom(ca) == nil &&
			time.Now().Before(leaf.NotAfter) {
			return pair, nil
		}
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: host, Organization: []string{"kyodo lab"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(2, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.Equal(net.IPv4(127, 0, 0, 1)) && !ip.Equal(net.IPv6loopback) {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		}
	} else if host != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := writePEM(keyPath, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), 0o600); err != nil {
		return tls.Certificate{}, err
	}
	if err := writePEM(certPath, "CERTIFICATE", der, 0o644); err != nil {
		return tls.Certificate{}, err
	}
	return tls.LoadX509KeyPair(certPath, keyPath)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:18989", "address:port to serve the SDK on")
	tlsDir := flag.String("tls-dir", "", "directory holding (or receiving) the lab CA and server certificate")
	credFile := flag.String("credentials", "", "JSON file with the only accepted username and password")
	apiVersion := flag.String("api-version", "7.0.3.0", "API version advertised in ServiceContent.about and vimServiceVersions.xml")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.LUTC)

	if *tlsDir == "" || *credFile == "" {
		log.Fatal("-tls-dir and -credentials are required")
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		log.Fatalf("-listen: %v", err)
	}
	if err := os.MkdirAll(*tlsDir, 0o700); err != nil {
		log.Fatal(err)
	}
	ca, caKey, err := ensureCA(*tlsDir)
	if err != nil {
		log.Fatalf("lab CA: %v", err)
	}
	pair, err := ensureLeaf(*tlsDir, host, ca, caKey)
	if err != nil {
		log.Fatalf("server certificate: %v", err)
	}
	user, err := readCredentials(*credFile)
	if err != nil {
		log.Fatalf("credentials: %v", err)
	}

	// A vCenter with nothing in it: no datacenter, host, datastore or VM.
	model := simulator.VPX()
	model.Datacenter, model.Portgroup, model.Host, model.Cluster = 0, 0, 0, 0
	model.ClusterHost, model.Datastore, model.Machine, model.Autostart = 0, 0, 0, false
	about := &model.ServiceContent.About
	about.ApiVersion = *apiVersion
	about.Version = *apiVersion
	about.FullName = fmt.Sprintf("VMware vCenter Server %s (kyodo lab simulator)", *apiVersion)
	if err := model.Create(); err != nil {
		log.Fatalf("model: %v", err)
	}
	defer model.Remove()

	model.Service.Listen = &url.URL{Host: *listen, User: user}
	model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	server := model.Service.NewServer()
	log.Printf("serving %s (API %s)", server.URL.Redacted(), *apiVersion)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	s := <-sig
	log.Printf("%s: stopping", s)
	server.Close()
}
